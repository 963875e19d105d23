// Escaping text for HTML and XML (reports, QGIS styles): the five characters with a meaning in markup.
#pragma once

#include <string>
#include <string_view>

namespace wn {

// & < > " ' become &amp; &lt; &gt; &quot; &#39; — safe in element content and in quoted attributes of both HTML
// and XML.
inline std::string escape_markup(std::string_view text) {
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    for (const char ch : text) {
        switch (ch) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                out += ch;
        }
    }
    return out;
}

}  // namespace wn
