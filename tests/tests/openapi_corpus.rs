//! The OpenAPI export of every system of the real corpus passes a real validator
//! (openapi-spec-validator, in both 3.1 and 3.0), so does a gateway resource file filled with
//! `merge_openapi_into` (swagger 2.0), and every example embedded in the 3.1 export
//! validates against its own schema (jsonschema): `scripts/validate-openapi.py`. `.ci/run`
//! installs the Python packages; elsewhere, without them, the test says it skipped.

use bkapi_tests::{corpus, root};
use codegen::{Config, OpenApiVersion};
use std::io::Write;
use std::process::Command;

/// The corpus's systems, as folders: each is one export.
const SYSTEMS: &[&str] = &[
    "esb/cc",
    "esb/jobv3",
    "esb/sops",
    "apigw/cmdb-backend",
    "apigw/cmdb-open",
    "bkdocs/cmdb-3.14-en",
];

fn validator_available() -> bool {
    let found = Command::new("python3")
        .args(["-c", "import openapi_spec_validator, jsonschema"])
        .status()
        .is_ok_and(|s| s.success());
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have openapi-spec-validator: .ci/run installs it"
        );
        let _ = writeln!(
            std::io::stderr().lock(),
            "SKIPPED: python3 with openapi-spec-validator and jsonschema not found; \
             `pip install openapi-spec-validator` to validate the OpenAPI export"
        );
    }
    found
}

#[test]
fn every_system_exports_a_valid_description_whose_examples_fit() {
    let Some(corpus) = corpus() else { return };
    if !validator_available() {
        return;
    }
    let out = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for system in SYSTEMS {
        let mut config = Config::new();
        config.input(corpus.join(system));
        for (version, suffix) in [(OpenApiVersion::V3_1, "3.1"), (OpenApiVersion::V3_0, "3.0")] {
            let spec = config.openapi(version).expect("the corpus loads");
            assert!(
                spec["paths"].as_object().is_some_and(|p| !p.is_empty()),
                "{system} has no operations"
            );
            let file = out
                .path()
                .join(format!("{}.{suffix}.json", system.replace('/', "-")));
            std::fs::write(&file, spec.to_string()).unwrap();
            files.push(file);
        }
    }
    // A gateway resource file (the fixture's, swagger 2.0) filled with its docs' schemas.
    let gateway = root().join("tests/fixtures/infer/gateway");
    let resource = std::fs::read_to_string(gateway.join("bk_apigw_resources_demo.yaml")).unwrap();
    let mut config = Config::new();
    config.input(&gateway);
    let spec = config.openapi(OpenApiVersion::V3_0).unwrap();
    let merged = out.path().join("merged-resources.yaml");
    std::fs::write(
        &merged,
        codegen::merge_openapi_into(&resource, &spec).unwrap(),
    )
    .unwrap();
    files.push(merged);

    let result = Command::new("python3")
        .arg(root().join("scripts/validate-openapi.py"))
        .args(&files)
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&result.stdout);
    println!("{report}");
    assert!(
        result.status.success(),
        "{report}{}",
        String::from_utf8_lossy(&result.stderr)
    );
    assert!(
        report.contains(&format!("{} passed, 0 failed", files.len())),
        "{report}"
    );
}
