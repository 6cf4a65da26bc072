{% macro utf8_misread_pattern() %}
    {#- A UTF-8 lead byte read as Windows-1252 (Â Ã Å â€) followed by what a
        continuation byte decodes to: no French, German or English name has
        it, and every UTF-8 accent read as Windows-1252 does. -#}
    {{ return('[ÂÃÅ][\\x{A0}-\\x{BF}\\x{152}\\x{153}\\x{160}\\x{161}\\x{178}\\x{17D}\\x{17E}\\x{192}\\x{2C6}\\x{2DC}'
        ~ '\\x{2013}\\x{2014}\\x{2018}-\\x{201E}\\x{2020}-\\x{2022}\\x{2026}\\x{2030}\\x{2039}\\x{203A}\\x{20AC}\\x{2122}]|â€') }}
{% endmacro %}
