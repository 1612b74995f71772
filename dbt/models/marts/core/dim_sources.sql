{{ union_vendors('sources') }}
