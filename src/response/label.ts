import type { NetworkNode } from '../network/types.ts';

function axes(v: readonly number[]): string {
  return v.length === 2 && v[0] !== v[1] ? `${v[0]}x${v[1]}` : String(v[0]);
}

/**
 * A short readable name of a node for legends and tables: a layer is `SPEC@d` (`box:3@2`,
 * `box:3x3@6`, `box:3x3@2x4`), with `/sS` when its stride is not 1; a stack is
 * `stack(a, b, ...)`, a parallel node `sum(...)` or `concat(...)`, a residual node
 * `residual(body)`.
 */
export function nodeLabel(node: NetworkNode): string {
  switch (node.type) {
    case 'layer': {
      const stride = node.stride.some((s) => s !== 1) ? `/s${axes(node.stride)}` : '';
      return `${node.kernel.spec}@${axes(node.dilation)}${stride}`;
    }
    case 'pool': {
      const stride = node.stride.some((s) => s !== 1) ? `/s${axes(node.stride)}` : '';
      return `${node.pool}pool:${node.size.join('x')}${stride}`;
    }
    case 'stack':
      return `stack(${node.layers.map(nodeLabel).join(', ')})`;
    case 'parallel':
      return `${node.merge}(${node.branches.map(nodeLabel).join(', ')})`;
    case 'residual':
      return `residual(${nodeLabel(node.body)})`;
  }
}
