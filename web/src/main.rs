//! Mounts the page.

fn main() {
    leptos::mount::mount_to_body(llm_tco_web::App);
}
