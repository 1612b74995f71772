{{ union_vendors('users') }}
