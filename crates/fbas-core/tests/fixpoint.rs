//! The greatest quorum kept under removals (`network::fixpoint`) against its definition,
//! computed the slow way (rounds dropping every member whose quorum set the rest does not
//! satisfy), on random networks: after every removal, after every undo back to a mark, and the
//! minimality check against removing each member in turn.

use fbas_core::network::fbas::Fbas;
use fbas_testkit::random::{random_input, structured_input};
use fbas_testkit::Rng;

fn greatest_by_rounds(fbas: &Fbas, set: &[bool]) -> Vec<bool> {
    let mut current = set.to_vec();
    loop {
        let sat = fbas.satisfied_nodes(&current);
        let next: Vec<bool> = (0..fbas.len()).map(|v| current[v] && sat[v]).collect();
        if next == current {
            return current;
        }
        current = next;
    }
}

fn is_minimal_by_rounds(fbas: &Fbas, set: &[bool]) -> bool {
    set.contains(&true)
        && greatest_by_rounds(fbas, set) == set
        && (0..fbas.len()).filter(|&v| set[v]).all(|v| {
            let mut rest = set.to_vec();
            rest[v] = false;
            !greatest_by_rounds(fbas, &rest).contains(&true)
        })
}

#[test]
fn removals_and_undos_keep_the_greatest_quorum() {
    let mut minimal = 0;
    for case in 0..600 {
        let mut rng = Rng::new(0xF1C5 + case);
        let input = match case % 2 {
            0 => random_input(&mut rng),
            _ => structured_input(&mut rng),
        };
        let Ok(fbas) = Fbas::from_input(&input) else {
            continue;
        };
        let n = fbas.len();
        // The starting set minus the nodes removed since, and the marks with their sets.
        let mut set: Vec<bool> = (0..n).map(|_| rng.chance(0.9)).collect();
        let mut fixpoint = fbas.fixpoint(&set);
        let mut marks: Vec<(usize, Vec<bool>)> = vec![];
        for step in 0..3 * n {
            if !marks.is_empty() && rng.chance(0.3) {
                let (mark, before) = marks.swap_remove(rng.below(marks.len()));
                // Undoing to a mark undoes every later mark too.
                marks.retain(|(m, _)| *m < mark);
                fixpoint.undo(mark);
                set = before;
            } else {
                let v = rng.below(n);
                marks.push((fixpoint.mark(), set.clone()));
                fixpoint.remove(v);
                set[v] = false;
            }
            let expected = greatest_by_rounds(&fbas, &set);
            assert_eq!(fixpoint.members(), expected, "case {case}, step {step}");
            assert_eq!(fixpoint.len(), expected.iter().filter(|&&b| b).count());
            assert_eq!(fixpoint.is_empty(), !expected.contains(&true));
            let quorum = fixpoint.members().to_vec();
            let is_minimal = is_minimal_by_rounds(&fbas, &quorum);
            minimal += usize::from(is_minimal);
            assert_eq!(
                fixpoint.is_minimal(),
                is_minimal,
                "case {case}, step {step}"
            );
            assert_eq!(
                fixpoint.members(),
                quorum,
                "the minimality check gives everything back"
            );
        }
    }
    assert!(minimal > 100, "only {minimal} minimal quorums met");
}
