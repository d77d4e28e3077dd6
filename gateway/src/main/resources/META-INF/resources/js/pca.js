// Principal component analysis of a few vectors: the two directions of largest variance, by power
// iteration on the covariance (deflating after the first), then each vector's coordinates on them.

function dot(a, b) {
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    sum += a[i] * b[i];
  }
  return sum;
}

/** Covariance times v, computed as X^T (X v) over the centred rows, never forming the d x d matrix. */
function covarianceTimes(centred, v) {
  const out = new Array(v.length).fill(0);
  for (const row of centred) {
    const projection = dot(row, v);
    for (let i = 0; i < v.length; i++) {
      out[i] += projection * row[i];
    }
  }
  return out;
}

function normalize(v) {
  const norm = Math.sqrt(dot(v, v)) || 1;
  return v.map((x) => x / norm);
}

function principal(centred, orthogonalTo) {
  const d = centred[0].length;
  // A fixed, uneven start keeps the result reproducible and unlikely to be orthogonal to the answer.
  let v = normalize(Array.from({ length: d }, (_, i) => 1 + ((i * 7919) % 13) / 13));
  for (let iteration = 0; iteration < 200; iteration++) {
    let next = covarianceTimes(centred, v);
    for (const u of orthogonalTo) {
      const along = dot(next, u);
      next = next.map((x, i) => x - along * u[i]);
    }
    v = normalize(next);
  }
  return v;
}

/** Each vector as [x, y] on the first two principal components. */
export function project2d(vectors) {
  const d = vectors[0].length;
  const mean = new Array(d).fill(0);
  for (const v of vectors) {
    for (let i = 0; i < d; i++) {
      mean[i] += v[i] / vectors.length;
    }
  }
  const centred = vectors.map((v) => v.map((x, i) => x - mean[i]));
  const first = principal(centred, []);
  const second = principal(centred, [first]);
  return centred.map((row) => [dot(row, first), dot(row, second)]);
}
