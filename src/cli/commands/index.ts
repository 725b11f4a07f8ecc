/**
 * The subcommands of `dilation-lab`, in help order. To add one (recommend, report): write
 * src/cli/commands/NAME.ts exporting a CommandModule and list it here.
 */
import type { CommandModule } from '../context.ts';
import { analyzeCommand } from './analyze.ts';
import { applyCommand } from './apply.ts';
import { blindspotsCommand } from './blindspots.ts';
import { erfCommand } from './erf.ts';
import { presetsCommand } from './presets.ts';
import { recommendCommand } from './recommend.ts';
import { reportCommand } from './report.ts';
import { responseCommand } from './response.ts';
import { serveCommand } from './serve.ts';
import { smoothCommand } from './smooth.ts';

export const COMMANDS: readonly CommandModule[] = [
  analyzeCommand,
  responseCommand,
  recommendCommand,
  erfCommand,
  blindspotsCommand,
  applyCommand,
  smoothCommand,
  reportCommand,
  presetsCommand,
  serveCommand,
];
