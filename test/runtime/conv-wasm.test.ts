import { describeConv } from './conv-cases.ts';

describeConv('wasm');
