"""The rule language: YAML read with positions, the rule model, conditions, question
types, layered folders, cross-checks, lint checks, rule tests and the JSON Schema.

Nothing is imported here, so importing one module of the package costs only that module
(start-up reads only what the command needs).
"""
