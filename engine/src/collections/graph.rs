//! The dependency graph of collections: a collection depends on its limiting
//! collection, the collections it includes and excludes, and those its WQL
//! rules read (`SMS_CM_RES_COLL_<id>`, `SMS_FullCollectionMembership`).
//! Evaluation follows a topological order; a cycle is an error naming it.

use std::collections::HashMap;

/// Why one collection depends on another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Edge {
    /// The limiting collection.
    Limit,
    /// An include rule.
    Include,
    /// An exclude rule.
    Exclude,
    /// A WQL rule reads its membership.
    Query,
}

/// Collections by index, each with the indexes it depends on.
#[derive(Debug, Clone, Default)]
pub struct Graph {
    /// `deps[i]`: what collection `i` needs evaluated first.
    pub deps: Vec<Vec<(usize, Edge)>>,
}

impl Graph {
    /// The collections that depend on `i`, directly or not.
    pub fn downstream(&self, i: usize) -> Vec<usize> {
        let mut users: HashMap<usize, Vec<usize>> = HashMap::new();
        for (c, ds) in self.deps.iter().enumerate() {
            for (d, _) in ds {
                users.entry(*d).or_default().push(c);
            }
        }
        let mut seen = vec![false; self.deps.len()];
        let mut stack = vec![i];
        let mut out = Vec::new();
        while let Some(c) = stack.pop() {
            for &u in users.get(&c).map(Vec::as_slice).unwrap_or(&[]) {
                if !seen[u] && u != i {
                    seen[u] = true;
                    out.push(u);
                    stack.push(u);
                }
            }
        }
        out.sort_unstable();
        out
    }

    /// `roots` and everything they depend on, in an order where each
    /// collection comes after its dependencies; or a cycle, as the list of
    /// indexes around it (first repeated at the end).
    pub fn order(&self, roots: &[usize]) -> Result<Vec<usize>, Vec<usize>> {
        #[derive(Clone, Copy, PartialEq)]
        enum Mark {
            New,
            Open,
            Done,
        }
        let mut mark = vec![Mark::New; self.deps.len()];
        let mut out = Vec::new();
        // Iterative depth-first search: deep limiting chains must not overflow the stack.
        for &root in roots {
            if mark[root] != Mark::New {
                continue;
            }
            let mut path: Vec<(usize, usize)> = vec![(root, 0)];
            mark[root] = Mark::Open;
            while let Some(&mut (c, ref mut next)) = path.last_mut() {
                if let Some(&(d, _)) = self.deps[c].get(*next) {
                    *next += 1;
                    match mark[d] {
                        Mark::New => {
                            mark[d] = Mark::Open;
                            path.push((d, 0));
                        }
                        Mark::Open => {
                            let start = path.iter().position(|p| p.0 == d).unwrap_or(0);
                            let mut cycle: Vec<usize> = path[start..].iter().map(|p| p.0).collect();
                            cycle.push(d);
                            return Err(cycle);
                        }
                        Mark::Done => {}
                    }
                } else {
                    mark[c] = Mark::Done;
                    out.push(c);
                    path.pop();
                }
            }
        }
        Ok(out)
    }

    /// Each collection's depth: 0 without dependencies, else one more than
    /// its deepest dependency (for the collections of `order`).
    pub fn levels(&self, order: &[usize]) -> HashMap<usize, usize> {
        let mut level = HashMap::new();
        for &c in order {
            let l = self.deps[c]
                .iter()
                .filter_map(|(d, _)| level.get(d).map(|l: &usize| l + 1))
                .max()
                .unwrap_or(0);
            level.insert(c, l);
        }
        level
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph(deps: &[&[usize]]) -> Graph {
        Graph {
            deps: deps
                .iter()
                .map(|d| d.iter().map(|&x| (x, Edge::Limit)).collect())
                .collect(),
        }
    }

    #[test]
    fn dependencies_come_first() {
        // 0 ← 1 ← 2, 0 ← 3, 2 includes 3
        let g = graph(&[&[], &[0], &[1, 3], &[0]]);
        let order = g.order(&[2]).expect("no cycle");
        let pos = |x| order.iter().position(|&o| o == x).expect("present");
        assert_eq!(order.len(), 4);
        assert!(pos(0) < pos(1) && pos(1) < pos(2) && pos(3) < pos(2));
        assert_eq!(g.order(&[1]).expect("no cycle"), vec![0, 1]);
        let levels = g.levels(&order);
        assert_eq!((levels[&0], levels[&1], levels[&3], levels[&2]), (0, 1, 1, 2));
        assert_eq!(g.downstream(0), vec![1, 2, 3]);
        assert_eq!(g.downstream(3), vec![2]);
    }

    #[test]
    fn a_cycle_is_named() {
        let g = graph(&[&[], &[0, 3], &[1], &[2]]);
        assert_eq!(g.order(&[3]), Err(vec![3, 2, 1, 3]));
    }

    #[test]
    fn a_deep_chain_does_not_overflow() {
        let deps: Vec<Vec<(usize, Edge)>> = (0..200_000)
            .map(|i| if i == 0 { vec![] } else { vec![(i - 1, Edge::Limit)] })
            .collect();
        let g = Graph { deps };
        assert_eq!(g.order(&[199_999]).expect("no cycle").len(), 200_000);
    }
}
