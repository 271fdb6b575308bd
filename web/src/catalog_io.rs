//! The catalog in use: the built-in one, or the built-in one with an
//! imported price database (litellm, genai-prices, models.dev) or a model
//! read from a Hugging Face `config.json` laid over it. The page says the
//! date of the prices in use, keeps an import in local storage across
//! reloads, and has a way back to the built-in catalog. The importers are
//! the library's (`llm_tco::spec::import`); the page fetches and reads
//! files, and gives the date (the core has no clock).

use crate::{state, Ctx, Notice};
use leptos::prelude::*;
use llm_tco::spec::import::PriceDatabase;
use llm_tco::{Catalog, CatalogFile, Format};

/// The price databases the worker reads (their names, files and public
/// addresses are the library's).
const DATABASES: [PriceDatabase; 3] = PriceDatabase::ALL;

const CATALOG_KEY: &str = "llm-tco-catalog";
const CATALOG_ABOUT_KEY: &str = "llm-tco-catalog-about";

/// What was imported over the built-in catalog.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    /// Where it came from, in words.
    pub title: String,
    /// The date of the data (the day it was fetched or loaded).
    pub date: String,
    /// The overlay itself, as kept in local storage.
    pub overlay: CatalogFile,
}

/// The catalog the page prices with.
#[derive(Debug, Clone, PartialEq)]
pub struct CatalogInUse {
    /// The catalog, overlay applied.
    pub catalog: Catalog,
    /// The overlay, when there is one.
    pub imported: Option<Imported>,
}

impl CatalogInUse {
    /// The built-in catalog.
    pub fn builtin() -> CatalogInUse {
        CatalogInUse {
            catalog: Catalog::builtin(),
            imported: None,
        }
    }

    /// The built-in catalog with `overlay`.
    fn with(imported: Imported) -> Result<CatalogInUse, String> {
        let catalog = Catalog::builtin()
            .with_overlay(&imported.overlay)
            .map_err(|e| e.to_string())?;
        Ok(CatalogInUse {
            catalog,
            imported: Some(imported),
        })
    }

    /// The newest date of the API prices in use.
    pub fn newest_price(&self) -> Option<String> {
        self.catalog.api_offers().iter().map(|o| o.as_of.clone()).max()
    }
}

/// The catalog kept in local storage, else the built-in one (a damaged
/// copy is dropped).
pub fn stored() -> CatalogInUse {
    let Some(s) = state::storage() else {
        return CatalogInUse::builtin();
    };
    let (Some(text), Some(about)) = (
        s.get_item(CATALOG_KEY).ok().flatten(),
        s.get_item(CATALOG_ABOUT_KEY).ok().flatten(),
    ) else {
        return CatalogInUse::builtin();
    };
    let (title, date) = about.split_once('\n').unwrap_or((about.as_str(), ""));
    CatalogFile::parse(&text, Format::Json)
        .map_err(|e| e.to_string())
        .and_then(|overlay| {
            CatalogInUse::with(Imported {
                title: title.to_string(),
                date: date.to_string(),
                overlay,
            })
        })
        .unwrap_or_else(|_| CatalogInUse::builtin())
}

/// Puts `imported` in use and in local storage, if the scenario still
/// prices with it.
fn use_import(ctx: Ctx, imported: Imported, summary: String) {
    match CatalogInUse::with(imported.clone()) {
        Err(e) => ctx
            .notice
            .set(Notice::at("catalog", format!("The import cannot be used: {e}"))),
        Ok(c) => {
            if let Some(s) = state::storage() {
                let _ = s.set_item(CATALOG_KEY, &llm_tco::to_compact_json(&imported.overlay));
                let _ = s.set_item(CATALOG_ABOUT_KEY, &format!("{}\n{}", imported.title, imported.date));
            }
            ctx.catalog.set(c);
            ctx.notice.set(Notice::at("catalog", summary));
        }
    }
}

/// Imports a price database's text (in the worker), dated today.
fn import_database(ctx: Ctx, db: usize, text: &str, from: Option<String>) {
    let (name, title) = (DATABASES[db].name(), DATABASES[db].title());
    let today = state::today().map(|d| d.to_string()).unwrap_or_default();
    let date = today.clone();
    state::in_worker(
        name,
        text,
        &today,
        from.as_deref().unwrap_or_default(),
        move |r| match r.and_then(|(json, summary)| {
            CatalogFile::parse(&json, Format::Json)
                .map(|c| (c, summary))
                .map_err(|e| e.to_string())
        }) {
            Err(e) => ctx
                .notice
                .set(Notice::at("catalog", format!("{title} could not be used: {e}"))),
            Ok((overlay, summary)) => use_import(
                ctx,
                Imported {
                    title: title.to_string(),
                    date,
                    overlay,
                },
                summary,
            ),
        },
    );
}

/// Where the prices come from, and the imports.
#[component]
pub fn CatalogPanel() -> impl IntoView {
    let ctx = Ctx::get();
    let busy = RwSignal::new(false);
    let database = RwSignal::new("litellm".to_string());
    let model_id = RwSignal::new(String::new());
    let fetch = move |db: usize| {
        busy.set(true);
        leptos::task::spawn_local(async move {
            match state::fetch_text(DATABASES[db].url()).await {
                Ok(text) => import_database(ctx, db, &text, None),
                Err(e) => ctx
                    .notice
                    .set(Notice::at("catalog", format!("The prices could not be fetched: {e}"))),
            }
            busy.set(false);
        });
    };
    view! {
        <fieldset id="catalog">
            <legend>"Prices in use"</legend>
            <p id="prices-in-use">{move || ctx.catalog.with(|c| match &c.imported {
                None => format!("The built-in catalog; its newest API price is of {}.", c.newest_price().unwrap_or_default()),
                Some(i) => format!("{} of {}, over the built-in catalog ({} API offers imported).", i.title, i.date, i.overlay.api.len()),
            })}</p>
            <Show when=move || ctx.catalog.with(|c| c.imported.is_some())>
                <button id="catalog-builtin" on:click=move |_| {
                    if let Some(s) = state::storage() {
                        let _ = s.remove_item(CATALOG_KEY);
                        let _ = s.remove_item(CATALOG_ABOUT_KEY);
                    }
                    let builtin = CatalogInUse::builtin();
                    // A scenario that names an imported entry cannot stay.
                    if ctx.file.with_untracked(|f| crate::evaluate(f, &builtin.catalog)).is_err() {
                        ctx.load(crate::default_file());
                    }
                    ctx.catalog.set(builtin);
                    ctx.notice.set(Notice::at("catalog", "Back to the built-in catalog."));
                }>"Back to the built-in catalog"</button>
            </Show>
            {move || ctx.notice.with(|n| n.as_ref().filter(|n| n.place == Some("catalog")).map(|n| view! { <p id="catalog-status" role="status">{n.text.clone()}</p> }))}
            <div>
                <button id="fetch-litellm" prop:disabled=move || busy.get() on:click=move |_| fetch(0)>"Fetch litellm's prices"</button>
                <button id="fetch-genai-prices" prop:disabled=move || busy.get() on:click=move |_| fetch(1)>"Fetch genai-prices"</button>
            </div>
            <div class="field">
                <label for="price-db">"Or load a price-database file"</label>
                <select id="price-db" on:change=move |ev| database.set(event_target_value(&ev))>
                    {DATABASES.iter().map(|d| view! { <option value=d.name()>{d.title()}</option> }).collect_view()}
                </select>
                <input id="price-file" type="file" accept=".json,application/json" aria-label="Price-database file"
                    on:change=move |ev| {
                        let db = DATABASES.iter().position(|d| database.with_untracked(|x| x == d.name())).unwrap_or(0);
                        state::read_text(&ev, move |r| match r {
                            Ok((name, text)) => import_database(ctx, db, &text, Some(format!("file {name}"))),
                            Err(e) => ctx.notice.set(Notice::at("catalog", format!("The file could not be read: {e}"))),
                        })
                    } />
                <p class="hint">"models.dev's api.json must be loaded as a file: its site does not let other pages fetch it."</p>
            </div>
            <div class="field">
                <label for="config-id">"A model from its Hugging Face config.json: its id"</label>
                <input id="config-id" type="text" placeholder="my-model" prop:value=move || model_id.get() on:input=move |ev| model_id.set(event_target_value(&ev)) />
                <input id="config-file" type="file" accept=".json,application/json" aria-label="config.json file"
                    on:change=move |ev| {
                        let id = model_id.get_untracked();
                        state::read_text(&ev, move |r| match r {
                            Err(e) => ctx.notice.set(Notice::at("catalog", format!("The config.json could not be read: {e}"))),
                            Ok((name, text)) => {
                                let id = if id.trim().is_empty() { name.trim_end_matches(".json").trim_end_matches(".config").to_string() } else { id.trim().to_string() };
                                let date = state::today().map(|d| d.to_string()).unwrap_or_default();
                                state::in_worker("config", &text, &date.clone(), &id, move |r| {
                                    match r.and_then(|(json, summary)| CatalogFile::parse(&json, Format::Json).map(|c| (c, summary)).map_err(|e| e.to_string())) {
                                        Err(e) => ctx.notice.set(Notice::at("catalog", format!("The config.json could not be read: {e}"))),
                                        Ok((model, summary)) => {
                                            let mut overlay = ctx.catalog.with_untracked(|c| c.imported.as_ref().map(|i| i.overlay.clone())).unwrap_or_default();
                                            overlay.models.retain(|x| model.models.iter().all(|m| m.id != x.id));
                                            overlay.models.extend(model.models);
                                            let title = ctx.catalog.with_untracked(|c| c.imported.as_ref().map(|i| i.title.clone())).unwrap_or_else(|| "config.json".into());
                                            use_import(ctx, Imported { title, date, overlay }, summary);
                                        }
                                    }
                                });
                            }
                        })
                    } />
            </div>
        </fieldset>
    }
}
