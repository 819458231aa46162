//! A request to the seed API (`cc.update_module`), shared by the mock's tests and its
//! benchmark.

use bkapi_sdk::cc::{UpdateModuleRequest, UpdateModuleRequestData};

/// Renames module 1 of set 1 of business 1.
pub fn request() -> UpdateModuleRequest {
    UpdateModuleRequest {
        bk_supplier_account: Some("0".into()),
        bk_biz_id: 1,
        bk_set_id: 1,
        bk_module_id: 1,
        data: UpdateModuleRequestData {
            bk_module_name: Some("test_module".into()),
            ..Default::default()
        },
    }
}
