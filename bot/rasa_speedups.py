"""A measured speed-up of Rasa 3.6 itself, applied when Rasa loads our NLU components (`bot/nlu/__init__.py`).

Rasa checks every action server answer with `jsonschema.validate(result, schema)`, which first checks the
(constant) schema against the JSON-Schema metaschema: under load that metaschema check was a quarter of a
Rasa replica's CPU (py-spy, docs/BENCHMARKS.md). Here the schema is checked once and each answer validated
with that validator; an invalid answer still goes through Rasa's own code, which raises its usual error.
"""

from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction

_original = RemoteAction._validate_action_result
_schema = RemoteAction.action_response_format_spec()
_validator = validator_for(_schema)(_schema)
validator_for(_schema).check_schema(_schema)  # what Rasa did on every call, done once


def _validate_action_result(self: RemoteAction, result: dict) -> bool:
    return _validator.is_valid(result) or _original(self, result)


RemoteAction._validate_action_result = _validate_action_result
