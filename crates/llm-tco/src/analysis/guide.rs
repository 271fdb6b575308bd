//! The six-question framework of the open-vs-closed article
//! (`../shared/seeds/002`), as a function: answers in, constraints, a
//! volume and a recommendation with its reasons out. The numbers that
//! settle the question still come from the scenario's curves; the guide
//! says which way the non-cost questions lean and what they rule out.

use crate::error::{Error, Result};
use crate::spec::scenario::ConstraintsSpec;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The volume above which the article says to evaluate self-hosting,
/// tokens per day.
pub const EVALUATE_ABOVE_TOKENS_PER_DAY: Decimal = Decimal::from_parts(5_000_000, 0, 0, false, 0);

/// Answers to the six questions, in the article's order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GuideAnswers {
    /// 1. Does the data have privacy or compliance constraints that forbid
    ///    sending it to a third-party API?
    pub privacy: bool,
    /// 2. Is this a frontier reasoning or agentic task?
    pub frontier_reasoning: bool,
    /// 3. Is there an ML or infrastructure engineer (or team) to run it?
    pub infra_team: bool,
    /// 4. Tokens per day, input and output.
    #[serde(with = "crate::codec::forms::qty")]
    pub tokens_per_day: Decimal,
    /// 5. Is the task narrow and well defined (fine-tuning candidate)?
    pub narrow_task: bool,
    /// 6. Must it run on-device or offline?
    pub offline: bool,
}

impl GuideAnswers {
    /// Parses the answers from a JSON or TOML document.
    ///
    /// # Errors
    /// `Syntax` with the field's path for a syntax error, a wrong type, a
    /// missing or an unknown field.
    pub fn parse(text: &str, format: crate::codec::Format) -> Result<GuideAnswers> {
        crate::codec::parse(text, format)
    }
}

/// Which way the answers lean.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Lean {
    /// Only self-hosting meets the constraints.
    SelfHostRequired,
    /// Compare the curves: self-hosting may pay at this volume.
    EvaluateSelfHosting,
    /// Start with a closed API.
    ClosedApi,
}

/// The guide's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GuideResult {
    /// Which way the answers lean.
    pub lean: Lean,
    /// One sentence.
    pub summary: String,
    /// Why, one reason per question that mattered, in order.
    pub reasons: Vec<String>,
    /// Constraints to set on the scenario.
    pub constraints: ConstraintsSpec,
    /// The volume to set on the scenario's workload, tokens per day.
    pub tokens_per_day: String,
}

/// Applies the framework.
///
/// # Errors
/// A volume that is not above 0.
pub fn guide(a: &GuideAnswers) -> Result<GuideResult> {
    if a.tokens_per_day <= Decimal::ZERO {
        return Err(Error::invalid(
            "tokens_per_day",
            format!("must be above 0, found {}", a.tokens_per_day),
        ));
    }
    let mut reasons = Vec::new();
    let constraints = ConstraintsSpec {
        on_premises: a.privacy,
        offline: a.offline,
    };
    if a.privacy {
        reasons.push(
            "Q1 privacy: the data may not leave your premises, so API options and rented cloud GPUs are ruled out."
                .to_string(),
        );
    }
    if a.offline {
        reasons.push("Q6 offline: closed APIs need network access by definition; only a model on your own hardware runs offline.".to_string());
    }
    let high_volume = a.tokens_per_day > EVALUATE_ABOVE_TOKENS_PER_DAY;
    let lean = if a.privacy || a.offline {
        if a.frontier_reasoning {
            reasons.push("Q2 frontier reasoning: open models still lag here; expect a quality penalty, and set each option's success rate to see its cost per successful task.".to_string());
        }
        if !a.infra_team {
            reasons.push("Q3 no infrastructure team: you will need to hire or contract one; put its hours in each self-hosted option's engineering costs.".to_string());
        }
        Lean::SelfHostRequired
    } else if a.frontier_reasoning {
        reasons.push("Q2 frontier reasoning: frontier closed models still hold the lead on complex multi-step and agentic tasks.".to_string());
        Lean::ClosedApi
    } else if !a.infra_team {
        reasons.push("Q3 no infrastructure team: running inference servers, GPUs and monitoring would exceed the team's capacity.".to_string());
        Lean::ClosedApi
    } else if high_volume || a.narrow_task {
        if high_volume {
            reasons.push(format!(
                "Q4 volume: {} tokens/day is above the article's 5M tokens/day, where self-hosting savings can exceed setup costs; the curves say whether they do for your prices.",
                a.tokens_per_day.normalize()
            ));
        } else {
            reasons.push(format!(
                "Q4 volume: {} tokens/day is below the article's 5M tokens/day, so savings are small; the curves show how small.",
                a.tokens_per_day.normalize()
            ));
        }
        if a.narrow_task {
            reasons.push("Q5 narrow task: a small open model fine-tuned on your task often matches a large closed model (the article's Mistral 7B: 84% against 71% and 89%).".to_string());
        }
        Lean::EvaluateSelfHosting
    } else {
        reasons.push(format!(
            "Q4 volume: {} tokens/day is below the article's 5M tokens/day and the task is not narrow: infrastructure overhead usually erases the per-token savings.",
            a.tokens_per_day.normalize()
        ));
        Lean::ClosedApi
    };
    let summary = match lean {
        Lean::SelfHostRequired => "Self-host: your constraints rule out every API; compare the self-hosted options.",
        Lean::EvaluateSelfHosting => "Evaluate self-hosting: compare the curves at your volume; the break-even volume is the answer for your prices.",
        Lean::ClosedApi => "Start with a closed API: iterate fast and revisit self-hosting with real usage data (import your usage log).",
    }
    .to_string();
    Ok(GuideResult {
        lean,
        summary,
        reasons,
        constraints,
        tokens_per_day: a.tokens_per_day.normalize().to_string(),
    })
}
