// QGIS styles: well-formed XML with every class, and QGIS's own class rules (discrete items closed above,
// first matching graduated range) give the legend's colour for every value, bounds included.
#include <cpl_minixml.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "waternet/render/qgis_style.hpp"

using namespace wn;
using namespace wn::render;

namespace {

struct XmlFree {
    void operator()(CPLXMLNode* n) const { CPLDestroyXMLNode(n); }
};
using Xml = std::unique_ptr<CPLXMLNode, XmlFree>;

Xml parse(const std::string& text) { return Xml(CPLParseXMLString(text.c_str())); }

const CPLXMLNode* child(const CPLXMLNode* node, const char* name) {
    for (const CPLXMLNode* c = node ? node->psChild : nullptr; c; c = c->psNext)
        if (c->eType == CXT_Element && std::string(c->pszValue) == name) return c;
    return nullptr;
}

std::vector<const CPLXMLNode*> children(const CPLXMLNode* node, const char* name) {
    std::vector<const CPLXMLNode*> out;
    for (const CPLXMLNode* c = node ? node->psChild : nullptr; c; c = c->psNext)
        if (c->eType == CXT_Element && std::string(c->pszValue) == name) out.push_back(c);
    return out;
}

std::string attr(const CPLXMLNode* node, const char* name) { return CPLGetXMLValue(node, name, ""); }

// QGIS reads numbers with QString::toDouble, which accepts "inf".
double number(const std::string& s) { return std::strtod(s.c_str(), nullptr); }

Rgba item_colour(const CPLXMLNode* item) {
    const std::string hex = attr(item, "color");
    const unsigned v = static_cast<unsigned>(std::stoul(hex.substr(1), nullptr, 16));
    return {static_cast<std::uint8_t>(v >> 16), static_cast<std::uint8_t>(v >> 8), static_cast<std::uint8_t>(v),
            static_cast<std::uint8_t>(std::stoi(attr(item, "alpha")))};
}

std::vector<double> probe_values(const Legend& l) {
    std::vector<double> v = {-1e6, 1e6, std::nextafter(l.classes.front().lower, -1e300)};
    for (const auto& c : l.classes) {
        v.push_back(c.lower);
        v.push_back(std::nextafter(c.lower, 1e300));
        v.push_back(std::nextafter(c.lower, -1e300));
        v.push_back(0.5 * (c.lower + c.upper));
        v.push_back(static_cast<float>(c.lower));  // a float raster's version of the bound
    }
    return v;
}

}  // namespace

TEST(QgisStyle, RasterStyleIsQgisXmlWithEveryClass) {
    for (const auto& id : legend_ids()) {
        const Legend& l = legend(id);
        const std::string qml = qgis_raster_style(l);
        EXPECT_EQ(qml.rfind("<!DOCTYPE qgis", 0), 0u) << id;
        const Xml doc = parse(qml);
        ASSERT_TRUE(doc) << id << " is not well-formed XML";
        const CPLXMLNode* root = CPLGetXMLNode(doc.get(), "=qgis");
        ASSERT_NE(root, nullptr) << id;
        const CPLXMLNode* renderer = CPLGetXMLNode(root, "pipe.rasterrenderer");
        ASSERT_NE(renderer, nullptr);
        EXPECT_EQ(attr(renderer, "type"), "singlebandpseudocolor");
        EXPECT_EQ(attr(renderer, "band"), "1");
        const CPLXMLNode* shader = CPLGetXMLNode(renderer, "rastershader.colorrampshader");
        ASSERT_NE(shader, nullptr);
        const bool linear = l.interpolation == Interpolation::linear;
        EXPECT_EQ(attr(shader, "colorRampType"), linear ? "INTERPOLATED" : "DISCRETE");
        const auto items = children(shader, "item");
        ASSERT_EQ(items.size(), l.classes.size() + 1) << id;
        EXPECT_EQ(item_colour(items[0]).a, 0) << "below the first class: transparent";
        for (std::size_t k = 0; k < l.classes.size(); ++k) {
            EXPECT_EQ(attr(items[k + 1], "label"), l.classes[k].label) << id;  // escaped and read back
            EXPECT_EQ(item_colour(items[k + 1]), l.classes[k].colour) << id;
        }
        if (linear) continue;
        EXPECT_EQ(attr(items.back(), "value"), "inf");
        // QGIS's discrete rule: the first item whose value is >= the pixel's; none → not drawn.
        for (const double v : probe_values(l)) {
            Rgba qgis = kTransparent;
            for (const auto* item : items)
                if (number(attr(item, "value")) >= v) {
                    qgis = item_colour(item);
                    break;
                }
            EXPECT_EQ(qgis, l.colour_of(v)) << id << " at " << v;
        }
    }
}

TEST(QgisStyle, GraduatedStyleForEachGeometry) {
    const Legend& l = legend("depth_difference_m");
    const std::pair<GeometryKind, const char*> kinds[] = {
        {GeometryKind::polygon, "fill"}, {GeometryKind::line, "line"}, {GeometryKind::point, "marker"}};
    for (const auto& [kind, symbol_type] : kinds) {
        const std::string qml = qgis_graduated_style(l, "diff_\"m\"", kind);
        const Xml doc = parse(qml);
        ASSERT_TRUE(doc);
        const CPLXMLNode* renderer = CPLGetXMLNode(doc.get(), "=qgis.renderer-v2");
        ASSERT_NE(renderer, nullptr);
        EXPECT_EQ(attr(renderer, "type"), "graduatedSymbol");
        EXPECT_EQ(attr(renderer, "attr"), "diff_\"m\"");
        const auto ranges = children(child(renderer, "ranges"), "range");
        const auto symbols = children(child(renderer, "symbols"), "symbol");
        ASSERT_EQ(ranges.size(), l.classes.size());
        ASSERT_EQ(symbols.size(), l.classes.size());
        for (std::size_t k = 0; k < l.classes.size(); ++k) {
            EXPECT_EQ(attr(ranges[k], "label"), l.classes[k].label);
            EXPECT_EQ(attr(ranges[k], "render"), l.classes[k].colour.a == 0 ? "false" : "true");
            EXPECT_EQ(attr(symbols[k], "type"), symbol_type);
            EXPECT_EQ(attr(symbols[k], "name"), std::to_string(k));
            const auto* layer = child(symbols[k], "layer");
            ASSERT_NE(layer, nullptr);
            // The class colour is among the layer's options as "r,g,b,a".
            const Rgba c = l.classes[k].colour;
            const std::string want =
                std::to_string(c.r) + "," + std::to_string(c.g) + "," + std::to_string(c.b) + "," + std::to_string(c.a);
            bool found = false;
            for (const auto* o : children(child(layer, "Option"), "Option")) found |= attr(o, "value") == want;
            EXPECT_TRUE(found) << "class " << k;
        }
        // QGIS's rule: the first range with lower <= v <= upper.
        for (const double v : probe_values(l)) {
            int qgis = -1;
            for (std::size_t k = 0; k < ranges.size(); ++k)
                if (number(attr(ranges[k], "lower")) <= v && v <= number(attr(ranges[k], "upper"))) {
                    qgis = static_cast<int>(k);
                    break;
                }
            EXPECT_EQ(qgis, l.class_of(v)) << v;
        }
    }
    EXPECT_THROW(qgis_graduated_style(l, "", GeometryKind::point), InputError);
}
