// Which flavour of the OpenAI chat-completions API an upstream speaks.
// Decides how GLM extensions (thinking, reasoning_effort, tool_stream) are sent or stripped.
#pragma once

namespace toolgate::gateway::upstream {

enum class Dialect {
  openai,  // plain OpenAI: GLM fields stripped
  glm,     // Z.AI hosted API: thinking{type}, reasoning_effort, tool_stream
  vllm,    // vLLM / SGLang serving GLM: chat_template_kwargs.enable_thinking
};

}  // namespace toolgate::gateway::upstream
