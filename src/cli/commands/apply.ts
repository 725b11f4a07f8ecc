/**
 * `dilation-lab apply`: runs a 2-D network on an image (a PNG, or the built-in test card)
 * and writes a PNG of the input, the output and a gridding-free schedule's output side by
 * side, where the checkerboard of gridding shows (docs/cli.md).
 */
import {
  APPLY_LIMITS,
  type ApplyOptions,
  type ApplyResult,
  applyNetwork,
  type GrayMap,
  sideBySide,
  testCard,
} from '../../erf/index.ts';
import { ERF_OPTIONS } from '../../options/index.ts';
import { integerIn, parseIntegerText, show } from '../../util/validate.ts';
import { type CliContext, type CommandModule, withExamples } from '../context.ts';
import { UsageError } from '../errors.ts';
import { encodeGrayPng, readImage, writeFileAtomic } from '../images.ts';
import { parseInputSize } from '../model-source.ts';
import {
  addNetworkOptions,
  type NetworkSourceOptions,
  networkFromOptions,
} from '../network-source.ts';
import { cliValue } from '../options.ts';

/** The options of `apply`, as text from commander. */
export interface ApplyCliOptions extends NetworkSourceOptions {
  image?: string;
  size?: string;
  out?: string;
  compareRates?: string;
  compare?: boolean;
  activation?: string;
  json?: boolean;
}

/** Default side of the test card. */
export const TEST_CARD_SIZE = 128;

function optionsFrom(o: ApplyCliOptions): ApplyOptions {
  const options: ApplyOptions = {};
  if (o.compare === false) {
    if (o.compareRates !== undefined)
      throw new UsageError('--compare-rates does not go with --no-compare', 'compare-rates');
    options.compareRates = null;
  } else if (o.compareRates !== undefined) {
    const parts = o.compareRates.split(',').map((s) => s.trim());
    options.compareRates = parts.map((p) =>
      integerIn('--compare-rates', parseIntegerText('--compare-rates', p), 1, 4096),
    );
  }
  if (o.activation !== undefined)
    options.activation = cliValue(
      ERF_OPTIONS.activation,
      o.activation,
    ) as ApplyOptions['activation'];
  return options;
}

async function imageFrom(ctx: CliContext, o: ApplyCliOptions): Promise<GrayMap> {
  if (o.image === undefined) {
    const size =
      o.size === undefined ? [TEST_CARD_SIZE, TEST_CARD_SIZE] : parseInputSize(o.size, '--size');
    const [rows, cols] = size.length === 1 ? [size[0], size[0]] : size;
    integerIn('--size', rows, 8, APPLY_LIMITS.maxSide);
    integerIn('--size', cols, 8, APPLY_LIMITS.maxSide);
    return testCard(rows, cols);
  }
  if (o.size !== undefined)
    throw new UsageError('--size applies to the test card only (an --image has its own)', 'size');
  const img = await readImage(o.image, ctx.io.cwd ?? process.cwd(), 'image');
  if (img.shape[0] !== 1)
    throw new UsageError(
      `--image ${show(o.image)} has ${img.shape[0]} channels; the network has 1: give a gray PNG`,
      'image',
    );
  return { shape: [img.shape[1], img.shape[2]], values: img.values };
}

const fmt = (v: number) => v.toPrecision(3);

/** The human output of `apply`. */
export function renderApply(r: ApplyResult, image: string, out: string): string {
  const rates = (rs: number[][]) => rs.map((d) => (d[0] === d[1] ? d[0] : d.join('x'))).join(',');
  const lines = [
    `applied to ${image} → ${r.output.shape.join('×')} output, activation ${r.activation}`,
    `  network      rates ${rates(r.rates)}  holes ${r.holes}  checkerboard ${fmt(r.checkerboard)}`,
  ];
  if (r.compare && r.compareRates)
    lines.push(
      `  gridding-free rates ${r.compareRates.join(',')}  holes ${r.compareHoles}  checkerboard ${fmt(r.compareCheckerboard ?? 0)}`,
    );
  lines.push(
    `  checkerboard = N/(N+F), N, F: mean squared difference of neighbours, of samples ${r.lattice.join('x')} apart (> 0.5: the output grids)`,
    `  wrote ${out} (input | output${r.compare ? ' | gridding-free output' : ''}, each scaled to its range)`,
  );
  return `${lines.join('\n')}\n`;
}

async function runApply(ctx: CliContext, o: ApplyCliOptions): Promise<void> {
  if (o.out === undefined) throw new UsageError('--out FILE.png is required', 'out');
  if (!o.out.toLowerCase().endsWith('.png'))
    throw new UsageError(`--out must name a .png file, got ${show(o.out)}`, 'out');
  const options = optionsFrom(o);
  const network = await networkFromOptions(o, ctx.io);
  const image = await imageFrom(ctx, o);
  const r = await applyNetwork(network, image, options);
  const raster = sideBySide(r.compare ? [image, r.output, r.compare] : [image, r.output]);
  const png = encodeGrayPng(raster.width, raster.height, raster.data);
  await writeFileAtomic(o.out, png, ctx.io.cwd ?? process.cwd(), 'out');
  if (o.json) {
    const map = (m: GrayMap | null) =>
      m && {
        shape: [...m.shape],
        rows: Array.from({ length: m.shape[0] }, (_, i) =>
          Array.from(m.values.subarray(i * m.shape[1], (i + 1) * m.shape[1])),
        ),
      };
    ctx.out(
      `${JSON.stringify({ ...r, output: map(r.output), compare: map(r.compare), png: o.out }, null, 2)}\n`,
    );
  } else ctx.out(renderApply(r, o.image ?? `the test card (${image.shape.join('×')})`, o.out));
}

export const applyCommand: CommandModule = {
  name: 'apply',
  register(program, ctx) {
    const cmd = program
      .command('apply')
      .description(
        'run a 2-D network on an image and write its output beside a gridding-free schedule’s (PNG): the checkerboard of gridding',
      );
    addNetworkOptions(cmd)
      .option('--image <file.png>', 'a gray PNG (default: the built-in test card)')
      .option('--size <N|H,W>', `size of the test card (default ${TEST_CARD_SIZE})`)
      .option('--out <file.png>', 'the PNG to write: input | output | gridding-free output')
      .option(
        '--compare-rates <list>',
        "the comparison's rates, one per layer (default HDC's 1,2,5,… when they leave no holes)",
      )
      .option('--no-compare', 'write the input and the output only')
      .option(
        '--activation <name>',
        'none (default), relu, sigmoid or tanh after every convolution but the last',
      )
      .option('--json', 'print the result as JSON (docs/cli.md lists every key)')
      .action(async (opts: ApplyCliOptions) => runApply(ctx, opts));
    return withExamples(cmd, [
      '# every rate 2: the output is a checkerboard of four sub-images',
      'dilation-lab apply --kernel box:3x3 --rates 2,2,2 --out grid.png',
      '# your own gray image, ReLUs, a chosen comparison',
      'dilation-lab apply --kernel random:3x3:4 --rates 2,4,8 --compare-rates 1,2,5 --activation relu --image photo.png --out out.png',
    ]);
  },
};
