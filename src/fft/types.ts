/** Complex data as two parallel arrays: value j is re[j] + i·im[j]. */
export interface Complex {
  re: Float64Array;
  im: Float64Array;
}
