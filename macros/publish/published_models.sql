{% macro published_models() %}
    {#- The models a build publishes: those with `meta.published_schema`. -#}
    {%- set models = [] -%}
    {%- for node in graph.nodes.values()
        if node.resource_type == 'model' and node.config.meta.get('published_schema') -%}
        {%- do models.append(node) -%}
    {%- endfor -%}
    {{ return(models | sort(attribute='name')) }}
{% endmacro %}
