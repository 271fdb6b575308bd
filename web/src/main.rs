//! Mounts the page.

fn main() {
    llm_tco_web::install_panic_hook();
    leptos::mount::mount_to_body(llm_tco_web::App);
}
