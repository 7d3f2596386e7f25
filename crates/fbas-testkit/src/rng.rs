//! The one pseudo-random generator of the tests and the benchmarks: SplitMix64, written here so
//! that nothing needs an RNG crate and a seed's sequence never changes under us. Not for
//! anything secret.
//!
//! Every draw is a function of [`Rng::next_u64`] alone, so a seed fixes every network
//! [`generate`](crate::generate) builds and every case [`random`](crate::random) draws.

/// SplitMix64: one 64-bit state, advanced by a constant and mixed on every draw.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A new generator seeded from this one (one of many independent cases).
    pub fn fork(&mut self) -> Rng {
        Rng::new(self.next_u64())
    }

    /// Uniform in `[0, 1)`: the top 53 bits of one draw.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// `true` with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// Uniform in `0..n` by the high half of `draw · n`; 0 when `n == 0`.
    pub fn below(&mut self, n: usize) -> usize {
        ((self.next_u64() as u128 * n as u128) >> 64) as usize
    }

    /// Uniform in `lo..=hi` (`lo <= hi`).
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        assert!(lo <= hi, "empty range {lo}..={hi}");
        lo + self.below(hi - lo + 1)
    }

    /// One element of the non-empty `xs`, uniformly.
    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }

    /// Fisher–Yates, from the back.
    pub fn shuffle<T>(&mut self, xs: &mut [T]) {
        for i in (1..xs.len()).rev() {
            let j = self.below(i + 1);
            xs.swap(i, j);
        }
    }

    /// `k` distinct values of `0..n` (all of them when `k >= n`), sorted.
    pub fn sample(&mut self, n: usize, k: usize) -> Vec<usize> {
        let mut all: Vec<usize> = (0..n).collect();
        let k = k.min(n);
        for i in 0..k {
            let j = i + self.below(n - i);
            all.swap(i, j);
        }
        all.truncate(k);
        all.sort_unstable();
        all
    }

    /// An index of `0..n` drawn with weight `1/(i+1)`: a few popular choices, a long tail.
    pub fn skewed(&mut self, n: usize) -> usize {
        let total: f64 = (1..=n).map(|i| 1.0 / i as f64).sum();
        let mut x = self.unit() * total;
        for i in 0..n {
            x -= 1.0 / (i + 1) as f64;
            if x < 0.0 {
                return i;
            }
        }
        n - 1
    }
}

#[cfg(test)]
mod tests {
    use super::Rng;

    /// The published SplitMix64 outputs for seed 0: the sequence every seed in the tests and
    /// the benchmarks stands for.
    #[test]
    fn splitmix64_reference_sequence() {
        let mut rng = Rng::new(0);
        let first: Vec<u64> = (0..3).map(|_| rng.next_u64()).collect();
        assert_eq!(
            first,
            [
                0xe220_a839_7b1d_cdaf,
                0x6e78_9e6a_a1b9_65f4,
                0x06c4_5d18_8009_454f
            ]
        );
    }

    #[test]
    fn draws_stay_in_range() {
        let mut rng = Rng::new(7);
        for n in 0..50 {
            let b = rng.below(n);
            assert!(b < n.max(1), "below({n}) = {b}");
            let r = rng.range(n, 2 * n);
            assert!((n..=2 * n).contains(&r));
            let s = rng.sample(n, n / 2);
            assert_eq!(s.len(), n / 2);
            assert!(s.windows(2).all(|w| w[0] < w[1]) && s.iter().all(|&x| x < n));
        }
    }
}
