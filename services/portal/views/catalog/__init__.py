"""The officer's catalog in the portal: a scheme's cycles, each cycle's programmes and its
quota rules, defined and changed by the officers who manage the scheme (DESIGN.md, "Who uses
it": officers define cycles, programmes, quotas and scoresheets; scoresheets are the
committee's pages). Every change goes through the matching service's API as the logged-in
officer: the service checks it (scope, fields, the catalog's rules) and publishes it, and the
form shows its refusal on the field it names. One module per thing defined."""
