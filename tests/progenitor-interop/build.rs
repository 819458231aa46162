//! Exports the CMDB ESB docs (`$BKAPI_CORPUS/esb/cc`, else `../shared/corpus/esb/cc`; the
//! shipped seed doc when there is no corpus) as OpenAPI 3.0 with codegen, and has progenitor
//! generate a client from it into `$OUT_DIR/client.rs`.

use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let corpus = std::env::var_os("BKAPI_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("../shared/corpus"));
    let cc = corpus.join("esb/cc");
    let input = if cc.is_dir() { cc } else { root.join("docs") };
    println!("cargo::rerun-if-env-changed=BKAPI_CORPUS");
    let mut config = codegen::Config::new();
    config
        .input(&input)
        .strict(false)
        .emit_rerun_if_changed(true);
    let spec = config.openapi(codegen::OpenApiVersion::V3_0)?;
    let out = PathBuf::from(std::env::var("OUT_DIR")?);
    std::fs::write(
        out.join("openapi.json"),
        serde_json::to_string_pretty(&spec)?,
    )?;
    let spec: openapiv3::OpenAPI = serde_json::from_value(spec)?;
    let mut generator = progenitor::Generator::default();
    let tokens = generator
        .generate_tokens(&spec)
        .map_err(|e| format!("progenitor cannot generate a client from the export: {e}"))?;
    let file: syn::File = syn::parse2(tokens)?;
    std::fs::write(out.join("client.rs"), prettyplease::unparse(&file))?;
    println!(
        "cargo::warning=progenitor generated a client for {} operations from {}",
        spec.operations().count(),
        input.display()
    );
    Ok(())
}
