#include "waternet/server/url.hpp"

namespace wn::server {

namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

bool has_control_character(std::string_view s) {
    for (unsigned char c : s)
        if (c < 0x20 || c == 0x7F) return true;
    return false;
}

// Decoded, UTF-8 and free of control characters; nullopt otherwise.
std::optional<std::string> decode_clean(std::string_view text, bool plus_is_space) {
    auto decoded = percent_decode(text, plus_is_space);
    if (!decoded || !is_valid_utf8(*decoded) || has_control_character(*decoded)) return std::nullopt;
    return decoded;
}

}  // namespace

bool is_valid_utf8(std::string_view bytes) {
    const auto* s = reinterpret_cast<const unsigned char*>(bytes.data());
    const std::size_t n = bytes.size();
    std::size_t i = 0;
    while (i < n) {
        const unsigned char c = s[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        // The length of the sequence and the allowed range of its second byte (RFC 3629, section 4, the table of
        // well-formed sequences): the narrowed ranges exclude overlong forms, surrogates and code points past U+10FFFF.
        std::size_t length = 0;
        unsigned char low = 0x80, high = 0xBF;
        if (c >= 0xC2 && c <= 0xDF)
            length = 2;
        else if (c == 0xE0)
            length = 3, low = 0xA0;
        else if (c >= 0xE1 && c <= 0xEC)
            length = 3;
        else if (c == 0xED)
            length = 3, high = 0x9F;
        else if (c >= 0xEE && c <= 0xEF)
            length = 3;
        else if (c == 0xF0)
            length = 4, low = 0x90;
        else if (c >= 0xF1 && c <= 0xF3)
            length = 4;
        else if (c == 0xF4)
            length = 4, high = 0x8F;
        else
            return false;  // 0x80–0xC1 (continuation or overlong lead) and 0xF5–0xFF never start a character
        if (i + length > n) return false;
        if (s[i + 1] < low || s[i + 1] > high) return false;
        for (std::size_t k = 2; k < length; ++k)
            if (s[i + k] < 0x80 || s[i + k] > 0xBF) return false;
        i += length;
    }
    return true;
}

std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '%') {
            if (i + 2 >= text.size()) return std::nullopt;
            const int hi = hex_value(text[i + 1]), lo = hex_value(text[i + 2]);
            if (hi < 0 || lo < 0) return std::nullopt;
            out.push_back(static_cast<char>(hi * 16 + lo));
            i += 2;
        } else if (c == '+' && plus_is_space) {
            out.push_back(' ');
        } else {
            out.push_back(c);
        }
    }
    return out;
}

std::optional<RequestTarget> parse_request_target(std::string_view target) {
    if (target.empty() || target.front() != '/' || target.find('#') != std::string_view::npos) return std::nullopt;
    const auto question = target.find('?');
    RequestTarget out;
    auto path = decode_clean(target.substr(0, question), false);
    if (!path) return std::nullopt;
    out.path = std::move(*path);
    if (question == std::string_view::npos) return out;
    std::string_view query = target.substr(question + 1);
    while (!query.empty()) {
        const auto amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
        if (pair.empty()) continue;
        const auto eq = pair.find('=');
        auto key = decode_clean(pair.substr(0, eq), true);
        auto value = decode_clean(eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1), true);
        if (!key || !value) return std::nullopt;
        out.params.emplace_back(std::move(*key), std::move(*value));
    }
    return out;
}

}  // namespace wn::server
