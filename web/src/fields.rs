//! Inputs validated in place. A field writes the scenario only with a
//! value the whole scenario accepts (checked by the library, so the message
//! is the library's and names what is allowed); otherwise it keeps the
//! reader's text, sets `aria-invalid="true"`, links its message with
//! `aria-describedby`, and the results say they are stale. An empty field
//! means the stated default, shown as its placeholder.

use crate::{dec, Ctx, Invalid};
use leptos::prelude::*;
use llm_tco::{Decimal, ScenarioFile};
use std::sync::Arc;

/// An element id from a name: letters and digits kept, the rest dashes,
/// with a short hash so two names never share one.
pub fn slug(name: &str) -> String {
    let mut hash: u32 = 2_166_136_261;
    for b in name.bytes() {
        hash = (hash ^ u32::from(b)).wrapping_mul(16_777_619);
    }
    let base: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .take(24)
        .collect();
    format!("{}-{:x}", base.trim_matches('-'), hash & 0xffff)
}

/// What a field edits.
pub struct Spec {
    /// Element id.
    pub id: String,
    /// Visible label.
    pub label: String,
    /// What is allowed, always shown under the field.
    pub hint: String,
    /// Shown when the field is empty: the default it stands for.
    pub placeholder: String,
}

impl Spec {
    /// A field with its id, label, hint and placeholder.
    pub fn new(
        id: impl Into<String>,
        label: impl Into<String>,
        hint: impl Into<String>,
        placeholder: impl Into<String>,
    ) -> Spec {
        Spec {
            id: id.into(),
            label: label.into(),
            hint: hint.into(),
            placeholder: placeholder.into(),
        }
    }
}

/// Tries `edit` on a copy of the scenario: Ok when the library prices the
/// result (it is then written), else the reason.
pub fn commit(ctx: Ctx, edit: impl FnOnce(&mut ScenarioFile) -> Result<(), String>) -> Result<(), String> {
    let mut next = ctx.file.get_untracked();
    edit(&mut next)?;
    ctx.catalog
        .with_untracked(|c| crate::evaluate(&next, &c.catalog))
        .map(|_| ())?;
    ctx.file.set(next);
    Ok(())
}

/// A text field bound to the scenario through `get` (the value as text)
/// and `set` (text in, or why not).
pub fn field(
    spec: Spec,
    get: impl Fn(&ScenarioFile) -> String + Send + Sync + 'static,
    set: impl Fn(&mut ScenarioFile, &str) -> Result<(), String> + Send + Sync + 'static,
) -> AnyView {
    // One copy of the field's code for every kind of field.
    field_erased(spec, Arc::new(get), Arc::new(set))
}

type GetFn = Arc<dyn Fn(&ScenarioFile) -> String + Send + Sync>;
type SetFn = Arc<dyn Fn(&mut ScenarioFile, &str) -> Result<(), String> + Send + Sync>;

fn field_erased(spec: Spec, get: GetFn, set: SetFn) -> AnyView {
    let ctx = Ctx::get();
    let Spec {
        id,
        label,
        hint,
        placeholder,
    } = spec;
    let mine = {
        let id = id.clone();
        move || ctx.invalid.with(|v| v.iter().find(|i| i.id == id).cloned())
    };
    let value = {
        let mine = mine.clone();
        move || mine().map(|i| i.text).unwrap_or_else(|| ctx.file.with(|f| get(f)))
    };
    let on_change = {
        let (id, label) = (id.clone(), label.clone());
        move |ev: leptos::ev::Event| {
            let text = event_target_value(&ev);
            let result = commit(ctx, |f| set(f, &text));
            ctx.invalid.update(|v| {
                v.retain(|i| i.id != id);
                if let Err(message) = result {
                    v.push(Invalid {
                        id: id.clone(),
                        label: label.clone(),
                        text,
                        message,
                    });
                }
            });
        }
    };
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described = {
        let mine = mine.clone();
        let (e, h) = (error_id.clone(), hint_id.clone());
        move || {
            if mine().is_some() {
                format!("{e} {h}")
            } else {
                h.clone()
            }
        }
    };
    let invalid = {
        let mine = mine.clone();
        move || mine().is_some().then_some("true")
    };
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <input id=id type="text" inputmode="decimal" autocomplete="off" placeholder=placeholder
                aria-invalid=invalid aria-describedby=described
                prop:value=value on:change=on_change />
            {move || mine().map(|i| view! { <p class="field-error" id=error_id.clone() role="alert">{i.message}</p> })}
            <p class="hint" id=hint_id>{hint}</p>
        </div>
    }
    .into_any()
}

/// An optional decimal: empty is `None` (the default). A number too large
/// for an exact decimal (`1e30`) says so rather than "not a number".
pub fn opt_dec(text: &str) -> Result<Option<Decimal>, String> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    dec(text).map(Some).ok_or_else(|| {
        let t = text.trim();
        match llm_tco::base::float::parse_f64(t) {
            Some(x) if x.is_finite() => format!("{t} is too large: numbers here are read exactly up to about 7.9e28"),
            _ => format!("{t:?} is not a number"),
        }
    })
}

/// A volume in tokens: a number, or as the page writes volumes, with a
/// unit of k, M, B or T (`10M`, `2.5B`). Above the largest volume priced
/// says so.
pub fn req_volume(text: &str) -> Result<Decimal, String> {
    let t = text.trim();
    let (number, scale) = llm_tco::render::text::split_unit(t);
    let too_large = || format!("{t} tokens/day is above the largest volume priced, 1e15 tokens/day");
    let d = match opt_dec(number) {
        Ok(Some(d)) => d,
        Ok(None) => return Err("needed: give a number of tokens per day, such as 10000000 or 10M".into()),
        Err(_) if llm_tco::base::float::parse_f64(number.trim()).is_some_and(|x| x.is_finite() && x > 1e15) => {
            return Err(too_large())
        }
        Err(_) => {
            return Err(format!(
                "{t:?} is not a number of tokens per day (such as 10000000 or 10M)"
            ))
        }
    };
    d.checked_mul(Decimal::from(scale)).ok_or_else(too_large)
}

/// A required decimal.
pub fn req_dec(text: &str) -> Result<Decimal, String> {
    opt_dec(text)?.ok_or_else(|| "needed: give a number".to_string())
}

/// An optional whole number: empty is `None`. The message says what is
/// wrong with the text (a fraction, a sign, not a number); the field's
/// range is the scenario's to check, which names it.
pub fn opt_u32(text: &str) -> Result<Option<u32>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    t.parse::<u32>()
        .map(Some)
        .map_err(|_| match llm_tco::base::float::parse_f64(t) {
            Some(_) if t.starts_with('-') => format!("{t} has a minus sign: give a whole number, 0 or more"),
            Some(x) if x.fract() != 0.0 => format!("{t} is not a whole number"),
            Some(_) if t.contains(['.', 'e', 'E']) => {
                format!("{t}: write it as a whole number, without a point or an exponent")
            }
            Some(_) => format!("{t} is too large for this field"),
            None => format!("{t:?} is not a whole number"),
        })
}

/// A decimal as the field shows it.
pub fn show(d: Option<Decimal>) -> String {
    d.map(|d| d.normalize().to_string()).unwrap_or_default()
}

/// A select box of `(value, text)` choices bound to the scenario, with a
/// hint under it unless `hint` is empty.
pub fn select(
    id: String,
    label: String,
    hint: &'static str,
    choices: Vec<(String, String)>,
    get: impl Fn(&ScenarioFile) -> String + Send + Sync + 'static,
    set: impl Fn(&mut ScenarioFile, &str) -> Result<(), String> + Send + Sync + 'static,
) -> impl IntoView {
    let ctx = Ctx::get();
    let error = RwSignal::new(None::<String>);
    let error_id = format!("{id}-error");
    let hint_id = (!hint.is_empty()).then(|| format!("{id}-hint"));
    let (eid, hid) = (error_id.clone(), hint_id.clone());
    let described = move || {
        let ids: Vec<&str> = error
            .with(Option::is_some)
            .then_some(eid.as_str())
            .into_iter()
            .chain(hid.as_deref())
            .collect();
        (!ids.is_empty()).then(|| ids.join(" "))
    };
    let get = Arc::new(get);
    let shown = get.clone();
    let value = get.clone();
    // A refusal is about a pick the box no longer shows once the scenario
    // moves on.
    Effect::new(move |_| {
        ctx.file.track();
        error.set(None);
    });
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            // The value as a property too: an option the reader once picked
            // no longer follows its `selected` attribute, so a pick made for
            // them (the engine a GPU needs) would not show.
            <select id=id prop:value=move || ctx.file.with(|f| value(f)) aria-invalid=move || error.with(Option::is_some).then_some("true")
                aria-describedby=described
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    if let Err(e) = commit(ctx, |f| set(f, &v)) {
                        // The box goes back to what the scenario holds.
                        if let Some(select) = ev.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlSelectElement>(t).ok()) {
                            select.set_value(&ctx.file.with_untracked(|f| shown(f)));
                        }
                        error.set(Some(e));
                    }
                }>
                {choices.into_iter().map(|(v, t)| {
                    let get = get.clone();
                    let chosen = v.clone();
                    view! { <option value=v selected=move || ctx.file.with(|f| get(f) == chosen)>{t}</option> }
                }).collect_view()}
            </select>
            {move || error.get().map(|e| view! { <p class="field-error" id=error_id.clone() role="alert">{e}</p> })}
            {hint_id.map(|h| view! { <p class="hint" id=h>{hint}</p> })}
        </div>
    }
}
