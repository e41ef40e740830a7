//! Collection evaluation against the demo fleet, whose recorded membership
//! the fleet computes in Rust from the rules' meaning (not through WQL), so
//! the two are independent: they must agree except where the fleet is stale
//! on purpose.

use crate::{DemoOptions, STALE_COLLECTIONS, generate};
use std::collections::HashMap;
use std::sync::OnceLock;
use wqlkit_core::Catalog;
use wqlkit_engine::Engine;
use wqlkit_engine::collections::{CollectionResult, Evaluation, Evaluator, Members, Site, recorded_membership};
use wqlkit_engine::storage::sink::MemorySink;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let opts = DemoOptions {
            devices: 300,
            ..DemoOptions::default()
        };
        crate::engine(Catalog::builtin(), &opts).expect("demo fleet")
    })
}

/// A fleet with the generated collections beyond the written hierarchy.
fn large() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let opts = DemoOptions {
            devices: 120,
            collections: 420,
            ..DemoOptions::default()
        };
        crate::engine(Catalog::builtin(), &opts).expect("demo fleet")
    })
}

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime")
}

#[test]
fn whole_site_evaluation_matches_the_recorded_membership_except_the_stale_collections() {
    agrees_with_the_recorded_membership(engine(), 240);
}

#[test]
fn generated_collections_agree_too_and_nest_deeper() {
    let depth = agrees_with_the_recorded_membership(large(), 420);
    assert!(depth >= 4, "{depth}");
}

/// Checks evaluation against the fleet's own membership; returns the depth
/// of the dependency graph.
fn agrees_with_the_recorded_membership(engine: &'static Engine, at_least: usize) -> usize {
    let rt = rt();
    let catalog = Catalog::builtin();
    rt.block_on(async {
        let site = Site::from_engine(engine).await.expect("site");
        assert!(site.collections().len() >= at_least, "{}", site.collections().len());
        let ev = Evaluator::new(engine, catalog, site).await.expect("evaluator");
        let result = ev.evaluate(None).await.expect("evaluation");
        let recorded = recorded_membership(engine, catalog).await.expect("recorded");
        let stale: Vec<usize> = STALE_COLLECTIONS
            .iter()
            .map(|n| {
                ev.site()
                    .collections()
                    .iter()
                    .position(|c| c.name == *n)
                    .expect("stale collection")
            })
            .collect();
        // A fresh evaluation corrects the stale collections, and with them
        // the collections downstream that the site evaluated against the
        // stale membership.
        let mut expected: Vec<usize> = stale.clone();
        for &s in &stale {
            expected.extend(ev.graph().downstream(s));
        }
        expected.sort_unstable();
        expected.dedup();
        let differ = |result: &Evaluation| -> Vec<usize> {
            let mut d: Vec<usize> = result
                .results
                .iter()
                .filter(|r| recorded.get(&r.collection.id).cloned().unwrap_or_default() != r.members)
                .map(|r| ev.index_of(&r.collection.id).expect("known"))
                .collect();
            d.sort_unstable();
            d
        };
        for r in &result.results {
            assert!(r.errors.is_empty(), "{}: {:?}", r.collection.id, r.errors);
        }
        assert_eq!(result.results.len(), ev.site().collections().len());
        let changed = differ(&result);
        assert!(changed.len() > stale.len(), "{changed:?}");
        // Every stale collection differs; the others that differ are downstream of one.
        assert!(stale.iter().all(|s| changed.contains(s)));
        assert!(
            changed.iter().all(|c| expected.contains(c)),
            "{changed:?} ⊄ {expected:?}"
        );

        // With the stale collections held at their recorded membership, as
        // the site held them, every other collection agrees exactly.
        let pinned: HashMap<String, Members> = stale
            .iter()
            .map(|&s| {
                let id = ev.site().collections()[s].id.to_ascii_uppercase();
                let m = recorded.get(&id).cloned().unwrap_or_default();
                (id, m)
            })
            .collect();
        let held = ev.evaluate_pinned(None, &pinned).await.expect("evaluation");
        assert_eq!(differ(&held), Vec::<usize>::new());
        assert_eq!(held.results.iter().filter(|r| r.recorded).count(), stale.len());
        // Collections that are not empty: the comparison is not vacuous.
        let non_empty = held.results.iter().filter(|r| !r.members.is_empty()).count();
        assert!(
            non_empty * 2 > held.results.len(),
            "{non_empty} of {}",
            held.results.len()
        );
        let all: Vec<usize> = (0..ev.site().collections().len()).collect();
        let order = ev.graph().order(&all).expect("no cycle");
        ev.graph().levels(&order).values().copied().max().unwrap_or(0)
    })
}

#[test]
fn a_view_missing_from_the_snapshot_fails_only_the_rules_that_read_it() {
    let opts = DemoOptions {
        devices: 60,
        ..DemoOptions::default()
    };
    let mut sink = MemorySink::default();
    generate(Catalog::builtin(), &opts, &mut sink).expect("demo");
    sink.views
        .retain(|v| !v.0.eq_ignore_ascii_case("v_GS_ADD_REMOVE_PROGRAMS"));
    let engine = Engine::from_memory(sink.views, opts.now).expect("engine");
    rt().block_on(async {
        let site = Site::from_engine(&engine).await.expect("site");
        let ev = Evaluator::new(&engine, Catalog::builtin(), site)
            .await
            .expect("evaluator");
        let partitions = engine.partitions();
        let result = ev.evaluate(None).await.expect("the site evaluates");
        // Evaluating four collections at a time leaves the engine as it was.
        assert_eq!(engine.partitions(), partitions);
        let failed: Vec<&CollectionResult> = result.results.iter().filter(|r| !r.errors.is_empty()).collect();
        assert!(!failed.is_empty());
        for r in &failed {
            assert!(
                r.errors.iter().all(|e| e.contains("v_GS_ADD_REMOVE_PROGRAMS")),
                "{}: {:?}",
                r.collection.id,
                r.errors
            );
        }
        // Collections that do not read it are evaluated as usual.
        let clients = result.get("CON00013").expect("All Clients - Active");
        assert!(clients.errors.is_empty() && !clients.members.is_empty());
    });
}
