import { describeConv } from './conv-cases.ts';

describeConv('cpu');
