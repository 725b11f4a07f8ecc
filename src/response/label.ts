import { foldSpec, type Graph } from '../network/index.ts';

function axes(v: readonly number[]): string {
  return v.length === 2 && v[0] !== v[1] ? `${v[0]}x${v[1]}` : String(v[0]);
}

const strideText = (stride: readonly number[]) =>
  stride.some((s) => s !== 1) ? `/s${axes(stride)}` : '';

/**
 * A short readable name of a spec element for legends and tables (`foldSpec` over the graph
 * it compiled into, from the element at `path`: '' for a whole network, a member's
 * `layers[i]` / `branches[i]`): a layer is `SPEC@d` (`box:3@2`, `box:3x3@6`,
 * `box:3x3@2x4`), with `/sS` when its stride is not 1; a stack is `stack(a, b, ...)`, a
 * parallel node `sum(...)` or `concat(...)`, a residual node `residual(body)`.
 */
export function nodeLabel(graph: Graph, path = ''): string {
  return foldSpec<string>(
    graph,
    {
      layer: (n) => `${n.kernel?.spec ?? 'weights'}@${axes(n.dilation)}${strideText(n.stride)}`,
      pool: (n) => `${n.mode}pool:${n.size.join('x')}${strideText(n.stride)}`,
      stack: (items) => `stack(${items.join(', ')})`,
      parallel: (merge, branches) => `${merge}(${branches.join(', ')})`,
      residual: (body) => `residual(${body})`,
    },
    path,
  );
}
