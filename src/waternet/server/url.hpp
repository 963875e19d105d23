// The request target of an HTTP request ("/tiles/a%20b/1/2/3.png?frame=1") taken apart and percent-decoded
// (RFC 3986 section 2.1), refusing what no honest client sends: a broken %-escape, bytes that are not UTF-8
// (RFC 3629), and control characters in the parameters. The server answers 400 to such a target before any
// handler sees it, so a decoded path or parameter can be echoed in a JSON message or compared with a name safely.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace wn::server {

struct RequestTarget {
    std::string path;  // decoded; '+' stays '+' (it means a space only in a query)
    std::vector<std::pair<std::string, std::string>> params;  // decoded, in order; "a" alone gives {"a", ""}
};

// Whether bytes are well-formed UTF-8 (RFC 3629, section 4): no overlong forms, no surrogates (U+D800–DFFF), nothing
// above U+10FFFF, no truncated sequence.
bool is_valid_utf8(std::string_view bytes);

// %XX → the byte XX; with plus_is_space, '+' → ' ' (HTML forms). nullopt for '%' not followed by two hex digits.
std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space);

// The origin-form target "/path?query" (RFC 9112, section 3.2.1) decoded; nullopt when it does not start with
// '/', has a broken escape, decodes to bytes that are not UTF-8, or has a control character (below 0x20, or
// 0x7F) anywhere. A fragment ('#…') is not part of a request and is refused as well.
std::optional<RequestTarget> parse_request_target(std::string_view target);

}  // namespace wn::server
