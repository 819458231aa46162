#!/usr/bin/env python3
"""Validates OpenAPI descriptions codegen exported or filled (JSON or YAML): each file with
openapi-spec-validator (the schemas of swagger 2.0 and OpenAPI 3.0 and 3.1, plus its semantic
checks), and, for 3.1
files, every example embedded in a request body or a response against the schema beside it
(jsonschema, draft 2020-12, with references resolved inside the description).

    scripts/validate-openapi.py FILE...

Prints one line per file, `N passed, M failed` last, and exits 1 if any check failed.
"""
import json
import sys

import jsonschema
import yaml
from openapi_spec_validator import validate


def examples(spec):
    """(where, schema, value) for every example of every request body and response."""
    for path, ops in spec.get("paths", {}).items():
        for method, op in ops.items():
            where = f"{method.upper()} {path}"
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {})
            responses = [
                (f"response {code}", r.get("content", {}).get("application/json", {}))
                for code, r in op.get("responses", {}).items()
            ]
            for label, media in [("request", body)] + responses:
                for name, example in media.get("examples", {}).items():
                    yield f"{where} {label} {name}", media["schema"], example["value"]


def check(path):
    with open(path) as f:
        spec = yaml.safe_load(f) if path.endswith((".yaml", ".yml")) else json.load(f)
    failures = []
    try:
        validate(spec)
    except Exception as e:  # the validator's own error types vary by version
        failures.append(f"not a valid OpenAPI description: {str(e).splitlines()[0]}")
    checked = 0
    if spec.get("openapi", "").startswith("3.1"):
        components = spec.get("components", {})
        for where, schema, value in examples(spec):
            checked += 1
            # `#/components/...` resolves against the root schema: give it the components
            # (an unknown keyword to JSON Schema, so it changes nothing else).
            root = dict(schema, components=components)
            validator = jsonschema.Draft202012Validator(root)
            errors = sorted(validator.iter_errors(value), key=lambda e: list(e.path))
            if errors:
                e = errors[0]
                at = "/".join(str(p) for p in e.path)
                failures.append(f"{where}: example does not fit its schema at /{at}: {e.message[:200]}")
    return checked, failures


def main():
    passed = failed = 0
    for path in sys.argv[1:]:
        checked, failures = check(path)
        if failures:
            failed += 1
            print(f"FAIL {path}: {len(failures)} problem(s), {checked} examples checked")
            for f in failures[:20]:
                print(f"  {f}")
        else:
            passed += 1
            print(f"ok   {path}: valid, {checked} examples fit their schemas")
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
