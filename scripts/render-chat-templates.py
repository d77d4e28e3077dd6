#!/usr/bin/env python3
"""Renders the chat templates in generation-service/src/test/resources/chat-templates the way
Hugging Face's tokenizer.apply_chat_template(..., tokenize=False) renders them, and writes the
results to expected.json beside them: the reference that ChatTemplateExactnessTest compares our
Jinja engine (Jinjava) with.

The Jinja environment is set up as transformers' chat-template utilities set it up:
ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True) with the loop-controls
extension and a {% generation %} block (which renders its body), the filter tojson as
json.dumps(x, ensure_ascii=False, indent=..., separators=..., sort_keys=...), and the globals
raise_exception (raises TemplateError) and strftime_now (datetime.now().strftime). The render
arguments are apply_chat_template's: messages, tools=None, documents=None, add_generation_prompt,
and the tokenizer's special tokens (bos_token, eos_token, ...). "Now" is pinned to cases.json's
"now" so that templates printing today's date render the same on every run.

Needs only python3 and jinja2 (3.1.x). Run from the repository root:
    python3 scripts/render-chat-templates.py
"""
import datetime
import json
import pathlib

import jinja2
import jinja2.ext
from jinja2.sandbox import ImmutableSandboxedEnvironment

FOLDER = pathlib.Path(__file__).resolve().parent.parent / "generation-service/src/test/resources/chat-templates"


class Generation(jinja2.ext.Extension):
    """{% generation %}...{% endgeneration %}: Hugging Face marks assistant text with it; it renders its body."""
    tags = {"generation"}

    def parse(self, parser):
        lineno = next(parser.stream).lineno
        body = parser.parse_statements(("name:endgeneration",), drop_needle=True)
        return jinja2.nodes.CallBlock(self.call_method("_body"), [], [], body).set_lineno(lineno)

    def _body(self, caller):
        return caller()


def environment(now):
    def raise_exception(message):
        raise jinja2.exceptions.TemplateError(message)

    def tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False):
        return json.dumps(x, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys)

    def strftime_now(format):
        return now.strftime(format)

    env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True,
                                        extensions=[Generation, jinja2.ext.loopcontrols])
    env.filters["tojson"] = tojson
    env.globals["raise_exception"] = raise_exception
    env.globals["strftime_now"] = strftime_now
    return env


def render(env, source, messages, add_generation_prompt, special_tokens):
    try:
        output = env.from_string(source).render(messages=messages, tools=None, documents=None,
                                                add_generation_prompt=add_generation_prompt, **special_tokens)
        return {"output": output}
    except jinja2.exceptions.TemplateError as e:
        return {"raised": str(e)}


def main():
    cases = json.loads((FOLDER / "cases.json").read_text(encoding="utf-8"))
    env = environment(datetime.datetime.fromisoformat(cases["now"]))
    renderings = []
    for template, special_tokens in cases["templates"].items():
        source = (FOLDER / (template + ".jinja")).read_text(encoding="utf-8")
        for conversation, messages in cases["conversations"].items():
            for add_generation_prompt in (True, False):
                result = render(env, source, messages, add_generation_prompt, special_tokens)
                renderings.append({"template": template, "conversation": conversation,
                                   "add_generation_prompt": add_generation_prompt, **result})
    features = []
    messages = cases["conversations"][cases["feature-conversation"]]
    for feature, source in cases["features"].items():
        result = render(env, source, messages, True, {"bos_token": "<bos>", "eos_token": "<eos>"})
        features.append({"feature": feature, **result})
    expected = {"generated-by": "scripts/render-chat-templates.py with jinja2 " + jinja2.__version__,
                "renderings": renderings, "features": features}
    (FOLDER / "expected.json").write_text(json.dumps(expected, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(renderings)} renderings and {len(features)} features written to {FOLDER / 'expected.json'}")


if __name__ == "__main__":
    main()
