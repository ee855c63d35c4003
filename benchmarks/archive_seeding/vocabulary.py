"""The word bank seeded stories are written from.

General words come roughly most frequent first, so a Zipf weighting by rank gives prose the
shape of real news text; each section theme and topic adds its own words, and syllables make
the long tail of names of people and places that a real archive accumulates.
"""

GENERAL = """
the of and to a in that is for on was with he it as said at by from his be have are has but
not an they this were had their been who will more after also would which about one two new
its up out than over into there can other some all people we when year years first last could
our government told when what she her him them time just like no so if three between before
only because while most against during under since where police state officials made four
week month country city local public president minister day back may now then such through
many any did those these both each how well being even still way down off percent five where
make including part next another around work later former according group including national
report called home long help among high early without several end take want many area plan
support million should around same less family school per government take million second news
says show set days children members based million place come found own another known money
world held power team today good best small large old young across little big told near
times number water million while second third much make expected continue expected next point
case issue law court water health deal months use went left come get made move open lead
service system house company market business program officials further however along left
public even though though including rather least almost often already almost ago past future
recent recently likely believe thought think know knew say says asked added noted warned hope
plans decision decisions question questions answer response meeting meetings statement sources
council committee board agency ministry office department union party parties leaders leader
members member residents workers farmers students teachers families women men child parents
road roads street streets town towns village villages region regions district province centre
capital border borders coast river valley mountain mountains lake sea bridge port airport
station building buildings hospital university library museum market square park church
mosque factory farm field fields land forest desert island north south east west northern
southern eastern western central local national international foreign domestic rural urban
morning evening night weekend summer winter spring autumn season weather rain snow heat
price prices cost costs budget tax taxes wages salary income fund funds funding loan loans
bank banks debt growth rate rates inflation trade exports imports jobs job industry firms
vote votes election elections campaign candidate candidates parliament assembly law laws bill
rule rules order orders policy policies reform reforms rights right freedom security safety
war peace talks agreement agreements deal treaty crisis conflict attack attacks army troops
forces soldiers protest protests strike strikes court courts judge trial case cases prison
health doctors patients disease treatment care medicine hospital hospitals clinic clinics
school schools education teachers pupils exam exams study studies research scientists data
energy oil gas power electricity fuel pipeline plant plants supply supplies demand shortage
transport train trains bus buses car cars traffic flight flights ship ships cargo route routes
food bread wheat rice tea fruit harvest crops water drought flood floods storm fire fires
history heritage culture music film book books art artists festival theatre poetry writer
story stories interview report reports photo photos video article news press media radio
television online internet phone phones website social network service services system
project projects plan plans programme scheme investment development construction repair
increase decrease rise fall rose fell grew growing rising falling higher lower biggest largest
smallest oldest newest important major minor key main full whole single double private
general special official serious clear possible difficult easy hard simple different similar
political economic social cultural financial military legal medical scientific environmental
began begin begins started start starts ended end ends opened closed close closes reopened
announced announce announces approved approve rejected reject refused refuse agreed agree
signed sign launched launch released release published publish reported returned return
built build building planned plan expected expects hoped hopes feared fear fears warned warn
increased increase reduced reduce cut cuts raised raise lowered spent spend paid pay pays
needed need needs used use uses worked works working living lived lives died dies killed
injured hurt saved helped helps arrived left leaving moved moving visited visit visits met
meet meets spoke speak speaks wrote write writes read reads heard hear listened watched saw
see sees looked look looks seemed seem seems became become becomes remained remain remains
stayed stay stays kept keep keeps brought bring brings gave give gives took take takes sent
send sends showed show shows called call calls asked ask asks answered tried try tries
decided decide decides chose choose choosing lost lose loses won win wins beat beaten faced
face faces met joined join joins formed form forms held hold holds carried carry carries
covered cover covers included include includes reached reach reaches passed pass passes
allowed allow allows required require requires offered offer offers provided provide provides
produced produce produces sold sell sells bought buy buys owned own owns managed manage
manages led leads followed follow follows continued continue continues changed change changes
compared compare described describe explained explain explains suggested suggest suggests
expected rising steady sharp slow quick rapid sudden gradual modest strong weak fresh poor
rich cheap expensive safe dangerous quiet busy crowded empty narrow wide deep shallow dry wet
hot cold warm cool heavy light dark bright long short tall low ancient modern traditional
popular famous historic rare common usual unusual remote nearby distant regional daily weekly
monthly annual yearly seasonal nightly hourly morning afternoon midnight noon hour hours
minute minutes decade decades century centuries generation generations age ages period era
january february march april june july august september october november december monday
tuesday wednesday thursday friday saturday sunday spokesman spokeswoman director chairman
mayor governor ambassador envoy delegation official officer inspector engineer architect
economist analyst historian researcher professor lawyer lawyers judge judges activist
activists volunteer volunteers owner owners driver drivers pilot crew passengers visitors
tourists pilgrims traders merchants shopkeepers customers buyers sellers producers growers
fishermen miners builders nurses doctors journalists editors reporters photographers readers
audience crowd crowds community communities neighbourhood neighbours household households
population citizens voters taxpayers consumers employers employees staff experts critics
supporters opponents rivals allies partners neighbours authorities regulators inspectors
""".split()

# Each section theme adds its own vocabulary; a section whose slug names no theme borrows one.
THEMES = {
    "politics": """minister ministers cabinet coalition opposition ballot referendum senate
        lawmakers legislation amendment constitution mandate veto decree resignation scandal
        inquiry hearing caucus faction manifesto incumbent constituency turnout polling
        diplomats sanctions negotiations summit communique envoy impeachment ombudsman""",
    "economy": """inflation currency exchange shares stocks bonds investors dividend revenue
        profit profits losses quarterly forecast recession subsidy subsidies tariff tariffs
        exporters importers wholesale retail bazaar lending mortgage interest deficit surplus
        startup startups entrepreneurs merger acquisition bankruptcy payroll pension pensions""",
    "world": """embassy refugees humanitarian ceasefire coalition alliance summit diplomacy
        sanctions border crossing corridor shipping strait consulate delegation envoy treaty
        peacekeepers aid convoy evacuation asylum migrants resolution assembly charter
        multilateral bilateral geopolitics frontier sovereignty accord mediation""",
    "culture": """festival concert orchestra choir exhibition gallery painter painting
        sculpture cinema director actress actor premiere screenplay manuscript calligraphy
        carpet weaving ceramics pottery dance folk melody album singer poet verse
        theatre stage curator collection restoration craft artisans""",
    "books": """novel novelist memoir biography anthology translation translator publisher
        bookshop bookseller chapter prose fiction poetry essays critic review reviewed
        manuscript edition paperback hardback literary reading readers library shelves
        narrator epic fable chronicle archive prize shortlist debut""",
    "science": """laboratory experiment researchers genome vaccine telescope satellite orbit
        physics chemistry biology climate fossil species molecule particle astronomers
        observatory expedition sample samples dataset algorithm reactor isotope microscope
        hypothesis journal peer findings mutation bacteria virus enzyme""",
    "sport": """match league championship tournament goalkeeper striker midfielder coach
        referee stadium season fixture derby victory defeat draw penalty wrestling wrestler
        weightlifting marathon athletes medal olympic squad transfer captain semifinal final
        trophy kickoff spectators relegation promotion record sprint""",
    "environment": """emissions pollution smog wildlife habitat conservation reserve wetland
        wetlands glacier glaciers aquifer groundwater erosion deforestation reforestation
        biodiversity recycling waste landfill solar wind turbines sanctuary poaching species
        dust storms desertification salinity reservoir dam dams""",
    "health": """hospital clinic surgeons surgery nurses vaccine vaccination epidemic outbreak
        infection infections diagnosis symptoms pharmacy pharmacists prescription insurance
        maternity paediatric cancer diabetes cardiology ambulance emergency wards beds therapy
        mental wellbeing nutrition obesity screening""",
    "technology": """software hardware startup app apps smartphone broadband internet network
        networks cybersecurity hackers encryption data servers cloud platform platforms
        algorithm artificial intelligence robot robots semiconductor chips fibre satellite
        developers code digital online streaming censorship""",
}

TOPICS = {
    "Energy": """oil gas pipeline refinery electricity grid blackout turbines solar reactor
        barrels exports fuel petrol diesel kilowatt megawatt power plant""",
    "Water": """river rivers dam dams reservoir irrigation drought aquifer groundwater canal
        wells rainfall lake shortage rationing desalination basin""",
    "Elections": """ballot ballots candidates turnout polling stations count recount observers
        campaign voters registration runoff constituency results""",
    "Trade routes": """corridor railway highway port ports caravan freight containers customs
        checkpoint transit shipping strait silk route convoy""",
    "Housing": """rent rents landlords tenants apartments mortgage construction eviction
        homeless housing prices neighbourhoods estates developers""",
    "Education": """schools universities students teachers curriculum exams scholarship
        tuition classrooms enrolment literacy graduates campus""",
    "Climate": """warming temperatures heatwave emissions carbon glaciers drought floods
        adaptation climate weather forecasts dust""",
    "Transport": """metro tram buses railway timetable commuters fares tickets airport flights
        airline traffic congestion highway""",
    "Migration": """migrants refugees asylum border visas deportation smugglers camps
        resettlement diaspora remittances workers""",
    "Agriculture": """farmers harvest wheat barley saffron pistachio orchards livestock sheep
        cattle fertiliser tractors crops irrigation""",
    "Tourism": """tourists hotels guesthouses visitors pilgrims season bookings guides
        heritage ruins caravanserai resorts""",
    "Courts": """judge judges verdict sentence appeal prosecutors defence lawyers testimony
        acquitted convicted hearing trial""",
    "Media": """journalists newspaper broadcaster censorship press freedom editors licence
        reporters television radio podcast""",
    "Fisheries": """sturgeon caviar fishermen nets catch quotas trawlers harbour coastline
        fishing stocks hatchery""",
}

FIRST_NAMES = """Nino Ali Sara Davit Leyla Arash Mariam Giorgi Elif Reza Ana Tamar Hamid Zara
    Levan Shirin Armen Nazila Irakli Parisa Kamran Lusine Farid Salome Omid Ani Rustam Mina
    Tigran Golnar Murad Ketevan Babak Aygun Nika Roya Samvel Lale Bahram Natia""".split()

SURNAMES = """Kapanadze Rahimi Hovhannisyan Aliyev Karimi Beridze Sargsyan Mammadova Tehrani
    Javakhishvili Ahmadi Grigoryan Huseynov Moradi Lomidze Petrosyan Guliyeva Farahani
    Tsiklauri Avetisyan Ismayilov Sadeghi Gelashvili Harutyunyan Abbasova Rostami Chkheidze
    Manukyan Najafova Zand""".split()

# Syllables for made-up names of people, places and firms: the archive's long tail of words
# that only a few stories contain, as real archives have.
NAME_ONSETS = "b d g k l m n p r s t v z sh kh ch gh zh ar av el ir or ul".split()
NAME_VOWELS = "a e i o u a e i ia ou".split()
NAME_CODAS = "n r l s k m z sh d t vi ani eli ov ian abad grad stan".split()
