//! Generates `$OUT_DIR/bkapi.rs` from `docs/`, as a user's build script would.

fn main() -> Result<(), codegen::Error> {
    codegen::Config::new()
        .input("docs")
        // `purge_widgets` is documented but not wanted in this client.
        .exclude("inv.purge_widgets")
        // The `store` system is generated as the module `warehouse`.
        .module("store", "warehouse")
        // `PartialEq` on every type: the tests compare requests, and `Eq` below needs it.
        .partial_eq(codegen::Gate::Always)
        // Extra derives on every type of one API, and on one type.
        .type_attribute("inv.create_widget", "#[derive(Eq)]")
        .type_attribute("warehouse.MoveShelfRequest", "#[derive(Eq, Hash)]")
        // The test server reads requests back into the generated types.
        .roundtrip(codegen::Gate::Always)
        .generate()?;
    Ok(())
}
