<?xml version="1.0" encoding="UTF-8"?>
<CityModel xmlns:gml="http://www.opengis.net/gml" xmlns:imgeo="http://www.geostandaarden.nl/imgeo/2.1" xmlns="http://www.opengis.net/citygml/2.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.geostandaarden.nl/imgeo/2.1 http://register.geostandaarden.nl/gmlapplicatieschema/imgeo/2.1.1/imgeo.xsd">
    <cityObjectMember>
        <TrafficArea xmlns="http://www.opengis.net/citygml/transportation/2.0" gml:id="w1">
            <creationDate>2015-07-13</creationDate>
            <imgeo:LV-publicatiedatum>2016-08-16T11:55:58</imgeo:LV-publicatiedatum>
            <imgeo:relatieveHoogteligging>0</imgeo:relatieveHoogteligging>
            <imgeo:inOnderzoek>false</imgeo:inOnderzoek>
            <imgeo:tijdstipRegistratie>2016-05-23T12:45:55.000</imgeo:tijdstipRegistratie>
            <imgeo:identificatie><imgeo:NEN3610ID><imgeo:namespace>NL.IMGeo</imgeo:namespace><imgeo:lokaalID>G0153.w1</imgeo:lokaalID></imgeo:NEN3610ID></imgeo:identificatie>
            <imgeo:bronhouder>G0153</imgeo:bronhouder>
            <imgeo:bgt-status codeSpace="http://www.geostandaarden.nl/imgeo/def/2.1#Status">bestaand</imgeo:bgt-status>
            <imgeo:plus-status codeSpace="http://www.geostandaarden.nl/imgeo/def/2.1#VoidReasonValue">geenWaarde</imgeo:plus-status>
            <function codeSpace="http://www.geostandaarden.nl/imgeo/def/2.1#FunctieWeg">rijbaan lokale weg</function>
            <surfaceMaterial codeSpace="http://www.geostandaarden.nl/imgeo/def/2.1#FysiekVoorkomenWeg">gesloten verharding</surfaceMaterial>
            <imgeo:kruinlijnWegdeel xsi:nil="true" nilReason="waardeOnbekend" />
            <imgeo:geometrie2dWegdeel><gml:Polygon srsName="urn:ogc:def:crs:EPSG::28992"><gml:exterior><gml:Ring><gml:curveMember><gml:Curve><gml:segments><gml:LineStringSegment><gml:posList srsDimension="2">100000 400000 100010 400000 100010 400010</gml:posList></gml:LineStringSegment><gml:Arc><gml:posList srsDimension="2">100010 400010 100005 400011 100000 400010</gml:posList></gml:Arc><gml:LineStringSegment><gml:posList srsDimension="2">100000 400010 100000 400000</gml:posList></gml:LineStringSegment></gml:segments></gml:Curve></gml:curveMember></gml:Ring></gml:exterior></gml:Polygon></imgeo:geometrie2dWegdeel>
            <imgeo:wegdeelOpTalud>false</imgeo:wegdeelOpTalud>
            <imgeo:plus-fysiekVoorkomenWegdeel codeSpace="http://www.geostandaarden.nl/imgeo/def/2.1#FysiekVoorkomenWegPlus">asfalt</imgeo:plus-fysiekVoorkomenWegdeel>
        </TrafficArea>
    </cityObjectMember>
    <cityObjectMember>
        <TrafficArea xmlns="http://www.opengis.net/citygml/transportation/2.0" gml:id="w2">
            <creationDate>2015-07-14</creationDate>
            <terminationDate>2018-05-08</terminationDate>
            <imgeo:LV-publicatiedatum>2016-08-16T11:55:58</imgeo:LV-publicatiedatum>
            <imgeo:relatieveHoogteligging>0</imgeo:relatieveHoogteligging>
            <imgeo:inOnderzoek>false</imgeo:inOnderzoek>
            <imgeo:tijdstipRegistratie>2016-05-23T12:45:55.000</imgeo:tijdstipRegistratie>
            <imgeo:identificatie><imgeo:NEN3610ID><imgeo:namespace>NL.IMGeo</imgeo:namespace><imgeo:lokaalID>G0153.w2</imgeo:lokaalID></imgeo:NEN3610ID></imgeo:identificatie>
            <imgeo:bronhouder>G0153</imgeo:bronhouder>
            <imgeo:bgt-status codeSpace="http://www.geostandaarden.nl/imgeo/def/2.1#Status">bestaand</imgeo:bgt-status>
            <imgeo:plus-status codeSpace="http://www.geostandaarden.nl/imgeo/def/2.1#VoidReasonValue">geenWaarde</imgeo:plus-status>
            <imgeo:eindRegistratie>2018-05-08T07:34:31</imgeo:eindRegistratie>
            <function codeSpace="http://www.geostandaarden.nl/imgeo/def/2.1#FunctieWeg">voetpad</function>
            <surfaceMaterial codeSpace="http://www.geostandaarden.nl/imgeo/def/2.1#FysiekVoorkomenWeg">onverhard</surfaceMaterial>
            <imgeo:geometrie2dWegdeel><gml:Polygon srsName="urn:ogc:def:crs:EPSG::28992"><gml:exterior><gml:LinearRing><gml:posList srsDimension="2">100000 400000 100010 400000 100010 400010 100000 400010 100000 400000</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon></imgeo:geometrie2dWegdeel>
        </TrafficArea>
    </cityObjectMember>
</CityModel>
