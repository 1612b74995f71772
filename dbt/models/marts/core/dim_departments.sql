{{ union_vendors('departments') }}
