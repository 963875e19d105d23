#include "waternet/render/qgis_style.hpp"

#include "waternet/core/markup.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>

#include "waternet/core/error.hpp"

namespace wn::render {
namespace {

std::string xml_escape(std::string_view text) { return escape_markup(text); }

// Shortest text that reads back as the same double (QGIS parses it with QString::toDouble).
std::string number(double v) {
    if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
    char buf[40];
    const auto res = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, res.ptr);
}

// The largest double below `upper`: QGIS's classes are closed above, ours are open above.
double just_below(double upper) { return std::nextafter(upper, -std::numeric_limits<double>::infinity()); }

std::string hex(Rgba c) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "#%02x%02x%02x", c.r, c.g, c.b);
    return buf;
}

std::string rgba_text(Rgba c) {
    return std::to_string(c.r) + "," + std::to_string(c.g) + "," + std::to_string(c.b) + "," + std::to_string(c.a);
}

Rgba darker(Rgba c) {
    return {static_cast<std::uint8_t>(c.r * 0.6), static_cast<std::uint8_t>(c.g * 0.6),
            static_cast<std::uint8_t>(c.b * 0.6), 255};
}

const char* kHeader =
    "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
    "<qgis version=\"3.28.0-Firenze\" styleCategories=\"Symbology\">\n";

std::string option(std::string_view name, std::string_view value) {
    return "            <Option type=\"QString\" name=\"" + std::string(name) + "\" value=\"" + xml_escape(value) +
           "\"/>\n";
}

std::string symbol_layer(GeometryKind geometry, Rgba colour) {
    std::string s;
    switch (geometry) {
        case GeometryKind::polygon:
            s += "          <layer class=\"SimpleFill\" pass=\"0\" locked=\"0\" enabled=\"1\">\n";
            s += "            <Option type=\"Map\">\n";
            s += option("color", rgba_text(colour));
            s += option("style", "solid");
            s += option("outline_color", rgba_text(darker(colour)));
            s += option("outline_style", "solid");
            s += option("outline_width", "0.26");
            s += option("outline_width_unit", "MM");
            s += option("joinstyle", "bevel");
            break;
        case GeometryKind::line:
            s += "          <layer class=\"SimpleLine\" pass=\"0\" locked=\"0\" enabled=\"1\">\n";
            s += "            <Option type=\"Map\">\n";
            s += option("line_color", rgba_text(colour));
            s += option("line_style", "solid");
            s += option("line_width", "0.86");
            s += option("line_width_unit", "MM");
            s += option("capstyle", "round");
            s += option("joinstyle", "round");
            break;
        case GeometryKind::point:
            s += "          <layer class=\"SimpleMarker\" pass=\"0\" locked=\"0\" enabled=\"1\">\n";
            s += "            <Option type=\"Map\">\n";
            s += option("name", "circle");
            s += option("color", rgba_text(colour));
            s += option("outline_color", rgba_text(darker(colour)));
            s += option("outline_style", "solid");
            s += option("outline_width", "0.2");
            s += option("outline_width_unit", "MM");
            s += option("size", "2.6");
            s += option("size_unit", "MM");
            s += option("scale_method", "diameter");
            break;
    }
    s += "            </Option>\n          </layer>\n";
    return s;
}

}  // namespace

std::string qgis_raster_style(const Legend& legend) {
    validate(legend);
    const auto& classes = legend.classes;
    const bool linear = legend.interpolation == Interpolation::linear;
    std::string s = kHeader;
    s += "  <pipe>\n";
    s += "    <rasterrenderer type=\"singlebandpseudocolor\" band=\"1\" opacity=\"1\" alphaBand=\"-1\" "
         "nodataColor=\"\" classificationMin=\"" +
         number(classes.front().lower) + "\" classificationMax=\"" + number(classes.back().upper) + "\">\n";
    s += "      <rasterTransparency/>\n";
    // "None": the class bounds are the user's, QGIS must not recompute them from the raster's statistics.
    s += "      <minMaxOrigin>\n        <limits>None</limits>\n        <extent>WholeRaster</extent>\n"
         "        <statAccuracy>Estimated</statAccuracy>\n        <cumulativeCutLower>0.02</cumulativeCutLower>\n"
         "        <cumulativeCutUpper>0.98</cumulativeCutUpper>\n        <stdDevFactor>2</stdDevFactor>\n"
         "      </minMaxOrigin>\n";
    s += "      <rastershader>\n";
    s += std::string("        <colorrampshader colorRampType=\"") + (linear ? "INTERPOLATED" : "DISCRETE") +
         "\" classificationMode=\"1\" clip=\"0\" minimumValue=\"" + number(classes.front().lower) +
         "\" maximumValue=\"" + number(classes.back().upper) + "\">\n";
    auto item = [&](double value, Rgba colour, std::string_view label) {
        s += "          <item value=\"" + number(value) + "\" color=\"" + hex(colour) + "\" alpha=\"" +
             std::to_string(colour.a) + "\" label=\"" + xml_escape(label) + "\"/>\n";
    };
    // Below the first class: transparent (an item just below the first lower bound; in INTERPOLATED mode
    // the step to the first colour is then one rounding unit wide).
    item(just_below(classes.front().lower), kTransparent, "");
    for (std::size_t k = 0; k < classes.size(); ++k) {
        const auto& c = classes[k];
        const bool last = k + 1 == classes.size();
        if (linear)
            item(c.lower, c.colour, c.label);  // a ramp stop at each lower bound
        else
            item(last ? std::numeric_limits<double>::infinity() : just_below(c.upper), c.colour, c.label);
    }
    s += "        </colorrampshader>\n      </rastershader>\n    </rasterrenderer>\n";
    s += "    <brightnesscontrast brightness=\"0\" contrast=\"0\" gamma=\"1\"/>\n";
    s += "    <huesaturation saturation=\"0\" grayscaleMode=\"0\" colorizeOn=\"0\" colorizeRed=\"255\" "
         "colorizeGreen=\"128\" colorizeBlue=\"128\" colorizeStrength=\"100\" invertColors=\"0\"/>\n";
    s += "    <rasterresampler maxOversampling=\"2\"/>\n";
    s += "    <resamplingStage>resamplingFilter</resamplingStage>\n";
    s += "  </pipe>\n  <blendMode>0</blendMode>\n</qgis>\n";
    return s;
}

std::string qgis_graduated_style(const Legend& legend, std::string_view field, GeometryKind geometry) {
    validate(legend);
    if (field.empty()) throw InputError("qgis_graduated_style: the attribute (field) name is empty");
    const auto& classes = legend.classes;
    std::string s = kHeader;
    s += "  <renderer-v2 type=\"graduatedSymbol\" attr=\"" + xml_escape(field) +
         "\" graduatedMethod=\"GraduatedColor\" symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\" "
         "referencescale=\"-1\">\n";
    s += "    <ranges>\n";
    for (std::size_t k = 0; k < classes.size(); ++k) {
        const auto& c = classes[k];
        // QGIS takes the first range with lower <= v <= upper; the last range is open-ended.
        const double upper = k + 1 == classes.size() ? std::numeric_limits<double>::max() : just_below(c.upper);
        s += "      <range lower=\"" + number(c.lower) + "\" upper=\"" + number(upper) + "\" symbol=\"" +
             std::to_string(k) + "\" label=\"" + xml_escape(c.label) + "\" render=\"" +
             (c.colour.a == 0 ? "false" : "true") + "\"/>\n";
    }
    s += "    </ranges>\n    <symbols>\n";
    const char* type = geometry == GeometryKind::polygon ? "fill" : geometry == GeometryKind::line ? "line" : "marker";
    for (std::size_t k = 0; k < classes.size(); ++k) {
        s += "      <symbol type=\"" + std::string(type) + "\" name=\"" + std::to_string(k) +
             "\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">\n";
        s += symbol_layer(geometry, classes[k].colour);
        s += "      </symbol>\n";
    }
    s += "    </symbols>\n    <rotation/>\n    <sizescale/>\n  </renderer-v2>\n";
    s += "  <blendMode>0</blendMode>\n  <featureBlendMode>0</featureBlendMode>\n</qgis>\n";
    return s;
}

}  // namespace wn::render
