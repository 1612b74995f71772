{#
    The combination of `columns` is unique in the model (nulls compare equal), e.g. a natural key that is
    unique per connection: unique_combination: {arguments: {columns: [connection, application_id]}}.
#}
{% test unique_combination(model, columns) %}

select {{ columns | join(', ') }}, count(*) as occurrences
from {{ model }}
group by {{ columns | join(', ') }}
having count(*) > 1

{% endtest %}
