{% macro hub_encodings() %}
    {#- The encodings a country may declare: Python codec names (the DuckDB
        reader decodes with Python's codecs, plugins/hub_text.py), each with
        the name Java gives the same encoding (Spark's reader). Lines are
        split at line feeds in the decoded text.
        cp932 is Windows' Shift_JIS (it reads 髙 and other characters that
        strict shift_jis refuses): the one to use for Japanese exports. -#}
    {{ return({
        'utf-8': 'UTF-8',
        'utf-16': 'UTF-16',
        'latin-1': 'ISO-8859-1',
        'iso-8859-15': 'ISO-8859-15',
        'cp1250': 'windows-1250',
        'cp1252': 'windows-1252',
        'cp932': 'windows-31j',
        'shift_jis': 'Shift_JIS',
        'euc-jp': 'EUC-JP',
        'euc-kr': 'EUC-KR',
        'gb18030': 'GB18030',
        'big5': 'Big5',
    }) }}
{% endmacro %}
