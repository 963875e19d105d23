<?xml version="1.0" encoding="UTF-8"?>
<CityModel xmlns:gml="http://www.opengis.net/gml" xmlns:imgeo="http://www.geostandaarden.nl/imgeo/2.1" xmlns="http://www.opengis.net/citygml/2.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.geostandaarden.nl/imgeo/2.1 http://register.geostandaarden.nl/gmlapplicatieschema/imgeo/2.1.1/imgeo.xsd">
    <cityObjectMember>
        <imgeo:OnbegroeidTerreindeel gml:id="n1">
            <creationDate>2015-07-13</creationDate>
            <imgeo:LV-publicatiedatum>2016-08-16T11:55:58</imgeo:LV-publicatiedatum>
            <imgeo:relatieveHoogteligging>0</imgeo:relatieveHoogteligging>
            <imgeo:inOnderzoek>false</imgeo:inOnderzoek>
            <imgeo:tijdstipRegistratie>2016-05-23T12:45:55.000</imgeo:tijdstipRegistratie>
            <imgeo:identificatie><imgeo:NEN3610ID><imgeo:namespace>NL.IMGeo</imgeo:namespace><imgeo:lokaalID>G0153.n1</imgeo:lokaalID></imgeo:NEN3610ID></imgeo:identificatie>
            <imgeo:bronhouder>G0153</imgeo:bronhouder>
            <imgeo:bgt-status codeSpace="http://www.geostandaarden.nl/imgeo/def/2.1#Status">bestaand</imgeo:bgt-status>
            <imgeo:plus-status codeSpace="http://www.geostandaarden.nl/imgeo/def/2.1#VoidReasonValue">geenWaarde</imgeo:plus-status>
            <imgeo:bgt-fysiekVoorkomen codeSpace="http://www.geostandaarden.nl/imgeo/def/2.1#FysiekVoorkomenOnbegroeidTerrein">erf</imgeo:bgt-fysiekVoorkomen>
            <imgeo:onbegroeidTerreindeelOpTalud>false</imgeo:onbegroeidTerreindeelOpTalud>
            <imgeo:geometrie2dOnbegroeidTerreindeel><gml:Polygon srsName="urn:ogc:def:crs:EPSG::28992"><gml:exterior><gml:LinearRing><gml:posList srsDimension="2">100030 400000 100040 400000 100040 400010 100030 400010 100030 400000</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon></imgeo:geometrie2dOnbegroeidTerreindeel>
        </imgeo:OnbegroeidTerreindeel>
    </cityObjectMember>
</CityModel>
