//! Who sells an offer and whether its model's weights are open: provider
//! display names shared by the three databases, and the rules that make an
//! offer `closed` or `open_weight` (the seller first, then the model's
//! name).

use crate::spec::catalog::Hosting;

/// How a seller relates to the models it sells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Seller {
    /// The maker of closed models, selling its own (OpenAI, Anthropic).
    ClosedMaker,
    /// A reseller of closed models only (Azure OpenAI, Vertex AI's
    /// Anthropic models).
    ClosedReseller,
    /// A host serving open-weight models only (Together, DeepInfra).
    OpenHost,
    /// A maker of open-weight models serving them itself (DeepSeek).
    OpenMaker,
    /// A maker with both kinds (Mistral, Alibaba).
    MixedMaker,
    /// A reseller or aggregator of both kinds (Bedrock, OpenRouter), or a
    /// seller the importer does not know.
    Mixed,
}

impl Seller {
    /// Whether the seller made the models it sells: an offer's name is then
    /// the model's alone, otherwise "… on Seller".
    pub(crate) fn is_maker(self) -> bool {
        matches!(self, Seller::ClosedMaker | Seller::OpenMaker | Seller::MixedMaker)
    }
}

/// litellm's `litellm_provider`: the seller's display name and kind.
pub(crate) fn litellm_seller(provider: &str) -> (String, Seller) {
    use Seller::*;
    let (name, kind) = match provider {
        "openai" | "text-completion-openai" => ("OpenAI", ClosedMaker),
        "chatgpt" => ("OpenAI ChatGPT", ClosedMaker),
        "anthropic" => ("Anthropic", ClosedMaker),
        "gemini" | "palm" => ("Google", ClosedMaker),
        "vertex_ai-language-models" | "vertex_ai" => ("Google Vertex AI", ClosedMaker),
        "vertex_ai-anthropic_models" => ("Google Vertex AI", ClosedReseller),
        "xai" => ("xAI", ClosedMaker),
        // Command R and Command A have open weights; the rest is closed.
        "cohere_chat" | "cohere" => ("Cohere", MixedMaker),
        "perplexity" => ("Perplexity", ClosedMaker),
        "amazon_nova" => ("Amazon", ClosedMaker),
        "inception" => ("Inception", ClosedMaker),
        "v0" => ("v0", ClosedMaker),
        "gigachat" => ("GigaChat", ClosedMaker),
        "volcengine" => ("Volcengine", ClosedMaker),
        "azure" | "azure_text" => ("Azure OpenAI", ClosedReseller),
        "deepseek" => ("DeepSeek", OpenMaker),
        "meta_llama" => ("Meta", OpenMaker),
        "mistral" | "codestral" => ("Mistral", MixedMaker),
        "dashscope" => ("Alibaba Cloud", MixedMaker),
        "moonshot" => ("Moonshot AI", MixedMaker),
        "zai" => ("Z.AI", MixedMaker),
        "minimax" => ("MiniMax", MixedMaker),
        "ai21" => ("AI21", MixedMaker),
        "together_ai" => ("Together AI", OpenHost),
        "fireworks_ai" => ("Fireworks AI", OpenHost),
        "groq" => ("Groq", OpenHost),
        "deepinfra" => ("DeepInfra", OpenHost),
        "cerebras" => ("Cerebras", OpenHost),
        "sambanova" => ("SambaNova", OpenHost),
        "nebius" => ("Nebius", OpenHost),
        "novita" => ("Novita", OpenHost),
        "hyperbolic" => ("Hyperbolic", OpenHost),
        "lambda_ai" => ("Lambda", OpenHost),
        "baseten" => ("Baseten", OpenHost),
        "replicate" => ("Replicate", OpenHost),
        "cloudflare" => ("Cloudflare Workers AI", OpenHost),
        "ollama" => ("Ollama", OpenHost),
        "vertex_ai-llama_models"
        | "vertex_ai-deepseek_models"
        | "vertex_ai-qwen_models"
        | "vertex_ai-openai_models"
        | "vertex_ai-minimax_models"
        | "vertex_ai-moonshot_models"
        | "vertex_ai-zai_models" => ("Google Vertex AI", OpenHost),
        "crusoe" | "featherless_ai" | "friendliai" | "nscale" | "ovhcloud" | "publicai" | "anyscale" | "lemonade"
        | "llamagate" | "libertai" | "gmi" | "wandb" | "scaleway" | "sagemaker" | "tensormesh" => {
            return (canonical_provider(provider), OpenHost);
        }
        "openrouter" => ("OpenRouter", Mixed),
        "azure_ai" => ("Azure AI", Mixed),
        "bedrock" | "bedrock_converse" | "bedrock_mantle" => ("AWS Bedrock", Mixed),
        "databricks" => ("Databricks", Mixed),
        "vercel_ai_gateway" => ("Vercel AI Gateway", Mixed),
        "watsonx" => ("IBM watsonx", Mixed),
        "snowflake" => ("Snowflake", Mixed),
        "oci" => ("Oracle OCI", Mixed),
        other => return (canonical_provider(other), Mixed),
    };
    (name.to_string(), kind)
}

/// genai-prices' provider `id` (and its `name`): the seller's display name
/// and kind.
pub(crate) fn genai_seller(id: &str, name: Option<&str>) -> (String, Seller) {
    use Seller::*;
    let kind = match id {
        "anthropic" | "openai" | "google" | "x-ai" | "cohere" | "perplexity" | "voyageai" => ClosedMaker,
        "deepseek" => OpenMaker,
        "mistral" | "moonshotai" | "minimax" | "zai" | "zhipuai" => MixedMaker,
        "together" | "fireworks" | "groq" | "cerebras" | "novita" | "avian" | "doubleword" | "modal" | "ovhcloud"
        | "baseten" | "nebius" => OpenHost,
        _ if id.starts_with("huggingface_") => OpenHost,
        _ => Mixed,
    };
    (canonical_provider(name.unwrap_or(id)), kind)
}

/// models.dev's provider `id`: the seller's display name and kind (for a
/// seller of both kinds, each model's `open_weights` flag decides).
pub(crate) fn models_dev_seller(id: &str, name: Option<&str>) -> (String, Seller) {
    use Seller::*;
    let kind = match id {
        "openai" | "anthropic" | "google" | "xai" | "perplexity" => ClosedMaker,
        "google-vertex-anthropic" => ClosedReseller,
        "deepseek" => OpenMaker,
        "deepinfra" | "togetherai" | "fireworks-ai" | "groq" | "cerebras" | "novita-ai" | "nebius" | "baseten"
        | "hyperbolic" | "sambanova" | "lambda" | "chutes" | "featherless" | "friendli" | "scaleway" | "ovhcloud"
        | "inference" | "huggingface" => OpenHost,
        "mistral" | "moonshotai" | "zai" | "zhipuai" | "alibaba" | "minimax" | "cohere" => MixedMaker,
        _ => Mixed,
    };
    (canonical_provider(name.unwrap_or(id)), kind)
}

/// One display name per seller across the databases (`Deep Infra`,
/// `deepinfra` → `DeepInfra`); others as given.
pub(crate) fn canonical_provider(name: &str) -> String {
    let key: String = name
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let canonical = match key.as_str() {
        "openai" => "OpenAI",
        "anthropic" => "Anthropic",
        "google" | "gemini" => "Google",
        "xai" => "xAI",
        "deepseek" => "DeepSeek",
        "mistral" => "Mistral",
        "cohere" => "Cohere",
        "deepinfra" => "DeepInfra",
        "together" | "togetherai" => "Together AI",
        "fireworks" | "fireworksai" => "Fireworks AI",
        "groq" => "Groq",
        "cerebras" => "Cerebras",
        "moonshotai" => "Moonshot AI",
        "novita" | "novitaai" => "Novita",
        "awsbedrock" | "amazonbedrock" => "AWS Bedrock",
        "openrouter" => "OpenRouter",
        "perplexity" => "Perplexity",
        _ => return crate::spec::import::clip(name.trim(), 80),
    };
    canonical.to_string()
}

/// An offer's hosting and the rule that decided it.
pub(crate) fn classify(seller: Seller, model: &str) -> (Hosting, Basis) {
    let name = last_segment(model);
    match seller {
        // Gemma and gpt-oss are open weights, whoever serves them.
        Seller::ClosedMaker | Seller::ClosedReseller if contains_any(&name, &["gemma", "gpt-oss"]) => {
            (Hosting::OpenWeight, Basis::ModelName)
        }
        Seller::ClosedMaker | Seller::ClosedReseller => (Hosting::Closed, Basis::Provider),
        // Hosts resell the odd API-only model (Qwen3 Max on DeepInfra).
        Seller::OpenHost | Seller::OpenMaker if closed_name(&name) => (Hosting::Closed, Basis::ModelName),
        Seller::OpenHost | Seller::OpenMaker => (Hosting::OpenWeight, Basis::Provider),
        Seller::MixedMaker | Seller::Mixed if open_weight_name(model) => (Hosting::OpenWeight, Basis::ModelName),
        Seller::MixedMaker | Seller::Mixed => (Hosting::Closed, Basis::ModelName),
    }
}

/// Which rule decided an offer's hosting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Basis {
    /// The seller sells only one kind.
    Provider,
    /// The model's name (a heuristic: the seller sells both kinds).
    ModelName,
    /// models.dev's `open_weights` flag (a seller of both kinds).
    Flag,
}

/// The model-name heuristic: an open-weight family, unless the name is
/// one of those families' API-only models (`qwen3-max`, `glm-4.5-turbo`).
/// Only the last path segment is read, so `Qwen/Qwen3.7-Max` is closed.
pub(crate) fn open_weight_name(model: &str) -> bool {
    let name = last_segment(model);
    !closed_name(&name) && OPEN_FAMILIES.iter().any(|p| matches_somewhere(&name, p))
}

/// Open-weight families, as patterns: `#` is any digit, anything else
/// itself.
const OPEN_FAMILIES: &[&str] = &[
    "llama",
    "mixtral",
    "mistral-7b",
    "mistral-nemo",
    "open-mistral",
    "open-mixtral",
    "mistral-small",
    "ministral",
    "devstral",
    "magistral-small",
    "pixtral-12b",
    "codestral-mamba",
    "mathstral",
    "qwq",
    "qwen",
    "deepseek",
    "gemma",
    "gpt-oss",
    "kimi-k#",
    "kimi-dev",
    "glm-4.5",
    "glm-4.6",
    "glm-4.7",
    "glm-4.8",
    "glm-4.9",
    "glm-4-9b",
    "glm-z1",
    "glm-5",
    "glm-6",
    "glm-7",
    "glm-8",
    "glm-9",
    "phi-2",
    "phi-3",
    "phi-4",
    "granite",
    "olmo",
    "nemotron",
    "falcon",
    "jamba",
    "minimax-m",
    "minimax-text",
    "hermes",
    "dolphin",
    "command-r",
    "command-a",
    "mimo-",
    "step-#",
    "ernie-4.5",
    "seed-oss",
];

/// API-only models of families that also publish weights:
/// `qwen[0-9.]*-(coder-|vl-|omni-|mt-)?(max|plus|turbo|flash|long)`,
/// `glm-[0-9.]+v?-turbo`, `kimi-latest`, `(devstral|magistral|mistral)-medium`.
fn closed_name(name: &str) -> bool {
    if contains_any(
        name,
        &["kimi-latest", "devstral-medium", "magistral-medium", "mistral-medium"],
    ) {
        return true;
    }
    for (i, _) in name.match_indices("qwen") {
        let rest = name[i + 4..].trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
        if let Some(rest) = rest.strip_prefix('-') {
            let rest = ["coder-", "vl-", "omni-", "mt-"]
                .iter()
                .find_map(|p| rest.strip_prefix(p))
                .unwrap_or(rest);
            if ["max", "plus", "turbo", "flash", "long"]
                .iter()
                .any(|s| rest.starts_with(s))
            {
                return true;
            }
        }
    }
    for (i, _) in name.match_indices("glm-") {
        let after = &name[i + 4..];
        let rest = after.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
        if rest.len() < after.len() {
            let rest = rest.strip_prefix('v').unwrap_or(rest);
            if rest.starts_with("-turbo") {
                return true;
            }
        }
    }
    false
}

/// The last `/` segment of a model id, in lower case, with Fireworks'
/// `3p7` written `3.7`.
fn last_segment(model: &str) -> String {
    let name = model.rsplit('/').next().unwrap_or(model).to_ascii_lowercase();
    let b = name.as_bytes();
    name.char_indices()
        .map(|(i, c)| {
            let digit_at = |j: Option<usize>| j.and_then(|j| b.get(j)).is_some_and(u8::is_ascii_digit);
            if c == 'p' && digit_at(i.checked_sub(1)) && digit_at(Some(i + 1)) {
                '.'
            } else {
                c
            }
        })
        .collect()
}

fn contains_any(name: &str, needles: &[&str]) -> bool {
    needles.iter().any(|n| name.contains(n))
}

/// Whether `pattern` (`#` = any digit) occurs in `name`.
fn matches_somewhere(name: &str, pattern: &str) -> bool {
    let (n, p) = (name.as_bytes(), pattern.as_bytes());
    if p.len() > n.len() {
        return false;
    }
    (0..=n.len() - p.len()).any(|start| {
        p.iter()
            .zip(&n[start..])
            .all(|(pc, nc)| if *pc == b'#' { nc.is_ascii_digit() } else { pc == nc })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_model_name_decides_for_sellers_of_both_kinds() {
        for (model, open) in [
            ("meta-llama/Llama-3.3-70B-Instruct", true),
            ("Qwen/Qwen3.7-Max", false),
            ("qwen3-max", false),
            ("qwen-plus-latest", false),
            ("qwen2.5-vl-72b-instruct", true),
            ("qwen-vl-max", false),
            ("Qwen3-Coder-480B-A35B", true),
            ("qwen3-coder-plus", false),
            ("glm-4.6", true),
            ("glm-4.5-turbo", false),
            ("glm-4v-turbo", false),
            ("glm-4", false),
            ("kimi-k2-instruct", true),
            ("kimi-latest", false),
            ("mistral-medium-2508", false),
            ("mistral-large-2411", false),
            ("mistral-small-3.2", true),
            ("anthropic.claude-3-5-sonnet", false),
            ("step-3", true),
            ("accounts/fireworks/models/qwen3p7-plus", false),
            ("accounts/fireworks/models/llama-v3p1-70b-instruct", true),
            ("command-a-03-2025", true),
            ("deepseek-ai/DeepSeek-R1-0528", true),
            ("gpt-oss-120b", true),
            ("", false),
        ] {
            assert_eq!(open_weight_name(model), open, "{model}");
        }
    }

    #[test]
    fn sellers_decide_first() {
        assert_eq!(classify(Seller::ClosedMaker, "gpt-4o").0, Hosting::Closed);
        assert_eq!(
            classify(Seller::ClosedMaker, "gemma-3-27b-it"),
            (Hosting::OpenWeight, Basis::ModelName)
        );
        assert_eq!(
            classify(Seller::OpenHost, "anything"),
            (Hosting::OpenWeight, Basis::Provider)
        );
        assert_eq!(
            classify(Seller::OpenHost, "Qwen/Qwen3.7-Max"),
            (Hosting::Closed, Basis::ModelName)
        );
        assert_eq!(classify(Seller::Mixed, "claude-3"), (Hosting::Closed, Basis::ModelName));
        assert_eq!(litellm_seller("together_ai").0, "Together AI");
        assert_eq!(litellm_seller("some_new_host").0, "some_new_host");
        assert_eq!(
            genai_seller("huggingface_together", Some("HF Together")).1,
            Seller::OpenHost
        );
        assert_eq!(canonical_provider("Deep Infra"), "DeepInfra");
    }
}
