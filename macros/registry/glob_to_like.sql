{% macro glob_to_like(pattern) %}
    {#- A registry file-name glob (`*User Data*.csv`) as a lower-case LIKE
        pattern with `\` as its escape: file names match in any letter case
        (the contract: `UK user data 2025-03.CSV` is a user file). -#}
    {{ return(pattern | lower | replace('\\', '\\\\') | replace('%', '\\%') | replace('_', '\\_')
        | replace('*', '%') | replace('?', '_')) }}
{% endmacro %}
