"""Persian stories and the queries readers type for them, in the spellings readers use.

Our own short sentences. Each story is written the way one newsroom or another types Persian:
with the ZWNJ (the standard), with spaces or nothing in its place, on an Arabic keyboard (ي, ك),
with diacritics and tatweel, with Persian, Arabic-Indic or Latin digits. Each query is labelled
with the story it must find and the variants it exercises; ``PRECISION`` lists queries and the
stories they must not find. tests/discovery/test_persian_search.py runs them on both engines.
"""

ARABIC_LETTERS = str.maketrans({"ی": "ي", "ک": "ك"})
ZWNJ = "\u200c"


def arabic(text):
    """As typed on an Arabic keyboard: Arabic yeh and kaf."""
    return text.translate(ARABIC_LETTERS)


def spaced(text):
    """With a space where the ZWNJ belongs, as many keyboards leave it."""
    return text.replace(ZWNJ, " ")


def glued(text):
    """With nothing where the ZWNJ belongs."""
    return text.replace(ZWNJ, "")


# key: (headline, standfirst, body)
STORIES = {
    "ferry": ("کشتی‌های مسافربری انزلی دوباره حرکت می‌کنند",
              "اسکله پس از طوفان تعمیر شد.",
              "سه کشتی از روز سه‌شنبه به دریا برگشتند و ۱۲۰۰ مسافر در صف بودند."),
    "schools": (arabic("مدرسه‌های کرمان تا پنجشنبه تعطیل است"),
                arabic("برف و سرما کلاس‌ها را بست."),
                arabic("اداره آموزش کرمان گفت کلاس‌ها از شنبه دوباره باز می‌شوند.")),
    "bread": (spaced("قیمت نان در تبریز گران‌تر شد"),
              spaced("نانوایی‌ها از کمبود آرد می‌گویند."),
              spaced("آرد ۳۰ درصد گران شده و صف‌ها طولانی‌تر شده‌اند.")),
    "library": ("کِتابخانهٔ مرکزی اصفهان بازگشایی شد",
                "ساختمانِ تازه سه طبقه دارد.",
                "این کتابخـــانه ۸۰ هزار جلد کتاب دارد و صبح‌ها باز است."),
    "football": ("تیم فوتبال سپاهان در فینال جام حذفی پیروز شد",
                 "هواداران تا نیمه‌شب جشن گرفتند.",
                 "سپاهان با دو گل استقلال را شکست داد."),
    "earthquake": ("زمین‌لرزه‌ای به بزرگی ۵٫۲ ریشتر خوی را لرزاند",
                   "به کسی آسیب جدی نرسید.",
                   "هلال احمر گفت چادرهای اضطراری به روستاهای آسیب‌دیده رسیده است."),
    "metro": ("خط هفت متروی تهران به ایستگاه میدان صنعت رسید",
              "قطارها هر ده دقیقه می‌آیند.",
              "مسافران می‌توانند از ساعت ۶ صبح تا ۲۲ از این ایستگاه استفاده کنند."),
    "dates": ("برداشت خرما در بم 20 روز زودتر آغاز شد",
              "گرما محصول را زودتر رساند.",
              "کشاورزان بم می‌گویند گرمای سال 1403 بی‌سابقه بود."),
    "bridges": ("٣ پل تازه روی زاینده‌رود ساخته می‌شود",
                "شهرداری اصفهان طرح را تصویب کرد.",
                "هزینه ساخت پل‌ها ٢٥٠ میلیارد تومان برآورد شده است."),
    "saffron": ("صادرات زعفران خراسان به اروپا افزایش یافت",
                "بسته‌بندی بهتر خریداران تازه آورد.",
                "تاجران مشهدی می‌گویند سفارش‌ها دو برابر شده است."),
    "hospital": (glued("بیمارستان کودکان شیراز بخش تازه‌ای برای نوزادان گشود"),
                 glued("پزشکان این بخش شبانه‌روزی کار می‌کنند."),
                 glued("دستگاه‌های تازه از آلمان رسیده است.")),
    "airport": ("پروازهای فرودگاه مهرآباد به دلیل مه تأخیر داشتند",
                "مسافران ساعت‌ها در سالن انتظار ماندند.",
                "مه غلیظ دید را به صد متر رساند."),
    "carpet": ("نمایشگاه فرش دستباف در کاشان برپا شد",
               "بافندگان قالیچه‌های ابریشمی آوردند.",
               "خریداران از سی کشور به کاشان آمده‌اند."),
    "dams": ("سدهای استان تهران کم‌آب‌تر از پارسال هستند",
             "ذخیره سدها به ۲۸ درصد رسیده است.",
             "مدیر شرکت آب از مردم خواست مصرف را کم کنند."),
    "cinema": ("فیلم کارگردان جوان در جشنوارهٔ فجر جایزه گرفت",
               "داوران از فیلم‌نامه تمجید کردند.",
               "این فیلم نخستین ساخته او است."),
    "snow": (arabic("برف راه‌های کوهستانی اردبیل را بست"),
             arabic("پلیس راه از رانندگان خواست زنجیر چرخ داشته باشند."),
             arabic("گردنه حیران تا صبح یکشنبه بسته می‌ماند.")),
    "bazaar": ("بازار بزرگ تبریز پس از مرمت بازگشایی می‌شود",
               "مرمت سقف‌ها دو سال طول کشید.",
               "میراث فرهنگی می‌گوید حجره‌ها از اول ماه باز می‌شوند."),
    "council": ("شورای شهر یزد شهردار تازه را برگزید",
                "اعضا با ۷ رای موافق به او اعتماد کردند.",
                "شهردار تازه پیش از این معاون عمرانی بود."),
    "inflation": ("روند کاهش تورم در پاییز ادامه یافت",
                  "بانک مرکزی آمار ماهانه را منتشر کرد.",
                  "این روند به گفته کارشناسان شکننده است."),
    "olives": ("باغداران رودبار برداشت زیتون را آغاز کردند",
               "محصول امسال بیشتر از پارسال است.",
               "روغن‌کشی‌ها از هفته آینده می‌روند سراغ خرید."),
}

# (query, story it must find, what the query exercises)
QUERIES = [
    # ferry: written with ZWNJs; queried with ZWNJ, glued, spaced, Arabic letters, digits.
    ("کشتی‌های انزلی", "ferry", "zwnj"),
    ("کشتیهای انزلی", "ferry", "glued"),
    ("کشتی های انزلی", "ferry", "spaced affix"),
    (arabic("کشتی انزلی"), "ferry", "arabic letters"),
    ("حرکت میکنند انزلی", "ferry", "glued prefix"),
    ("حرکت می کنند", "ferry", "spaced prefix"),
    ("سه شنبه کشتی", "ferry", "spaced compound"),
    ("سهشنبه کشتی", "ferry", "glued compound"),
    ("۱۲۰۰ مسافر", "ferry", "persian digits"),
    ("1200 مسافر", "ferry", "latin digits"),
    ("١٢٠٠ مسافر", "ferry", "arabic-indic digits"),
    ("مسافربری", "ferry", "plain"),
    # schools: written on an Arabic keyboard; queried in Persian letters and variants.
    ("مدرسه‌های کرمان", "schools", "zwnj, story arabic letters"),
    ("مدرسه های کرمان", "schools", "spaced affix, story arabic letters"),
    ("مدرسههای کرمان", "schools", "glued, story arabic letters"),
    ("کرمان تعطیل", "schools", "persian letters, story arabic letters"),
    (arabic("کرمان تعطیل"), "schools", "arabic letters both"),
    ("کلاسها باز میشوند", "schools", "glued, story arabic letters"),
    ("کلاس‌ها کرمان", "schools", "zwnj, story arabic letters"),
    ("پنج‌شنبه کرمان", "schools", "zwnj where the story glues"),
    ("پنجشنبه کرمان", "schools", "glued"),
    # bread: written with spaces for ZWNJs.
    ("گران‌تر تبریز", "bread", "zwnj, story spaced"),
    ("گرانتر تبریز", "bread", "glued, story spaced"),
    ("گران تر تبریز", "bread", "spaced, story spaced"),
    ("نانوایی‌ها آرد", "bread", "zwnj, story spaced"),
    ("نانواییها آرد", "bread", "glued, story spaced"),
    ("صف‌ها طولانی‌تر", "bread", "zwnj, story spaced"),
    (arabic("قیمت نان تبریز"), "bread", "arabic letters"),
    ("۳۰ درصد آرد", "bread", "persian digits"),
    ("30 درصد آرد", "bread", "latin digits"),
    # library: diacritics and tatweel in the story.
    ("کتابخانه اصفهان", "library", "story diacritics"),
    ("کِتابخانه اصفهان", "library", "query diacritics"),
    ("کتابخانهٔ مرکزی", "library", "hamza above"),
    ("کتابخانۀ مرکزی", "library", "heh with yeh"),
    ("کتابخـانه مرکزی", "library", "query tatweel"),
    ("ساختمان تازه طبقه", "library", "story kasra"),
    ("80 هزار جلد", "library", "latin digits"),
    ("صبحها باز", "library", "glued"),
    (arabic("کتابخانه مرکزی"), "library", "arabic letters"),
    # football
    ("سپاهان فینال", "football", "plain"),
    (arabic("جام حذفی"), "football", "arabic yeh"),
    ("نیمه شب هواداران", "football", "spaced compound"),
    ("نیمهشب هواداران", "football", "glued compound"),
    ("سپاهان استقلال", "football", "plain"),
    ("فـوتبال سپاهان", "football", "tatweel"),
    # earthquake
    ("زمین لرزه خوی", "earthquake", "spaced compound"),
    ("زمینلرزه خوی", "earthquake", "glued compound"),
    ("زمین‌لرزه خوی", "earthquake", "zwnj"),
    ("آسیب دیده روستاهای", "earthquake", "spaced compound"),
    ("روستاهای آسیبدیده", "earthquake", "glued"),
    ("هلال احمر چادرهای اضطراری", "earthquake", "plain"),
    (arabic("ریشتر خوی"), "earthquake", "arabic letters"),
    # metro
    ("متروی تهران ایستگاه", "metro", "plain"),
    (arabic("ایستگاه میدان صنعت"), "metro", "arabic letters"),
    ("ساعت 6 صبح ایستگاه", "metro", "latin digits"),
    ("ساعت ٦ صبح ایستگاه", "metro", "arabic-indic digits"),
    ("می آیند قطارها", "metro", "spaced prefix"),
    ("میتوانند ایستگاه", "metro", "glued prefix"),
    # dates: Latin digits in the story.
    ("۲۰ روز خرما", "dates", "persian digits, story latin"),
    ("٢٠ روز خرما", "dates", "arabic-indic digits, story latin"),
    ("سال ۱۴۰۳ گرمای", "dates", "persian digits, story latin"),
    ("بی سابقه کشاورزان", "dates", "spaced compound"),
    ("بیسابقه کشاورزان", "dates", "glued compound"),
    ("کشاورزان بم میگویند", "dates", "glued prefix"),
    # bridges: Arabic-Indic digits in the story.
    ("۳ پل زاینده‌رود", "bridges", "persian digits, story arabic-indic"),
    ("3 پل زاینده رود", "bridges", "latin digits, spaced compound"),
    ("زاینده رود پل", "bridges", "spaced compound"),
    ("زایندهرود پل", "bridges", "glued compound"),
    ("۲۵۰ میلیارد تومان", "bridges", "persian digits"),
    ("پلها هزینه", "bridges", "glued"),
    ("پل ها هزینه", "bridges", "spaced affix"),
    # saffron
    ("زعفران خراسان", "saffron", "plain"),
    (arabic("زعفران افزایش یافت"), "saffron", "arabic letters"),
    ("بسته بندی خریداران", "saffron", "spaced compound"),
    ("بستهبندی خریداران", "saffron", "glued compound"),
    ("سفارش ها دو برابر", "saffron", "spaced affix"),
    ("زَعفَران", "saffron", "diacritics"),
    # hospital: written without ZWNJs (glued).
    ("بیمارستان کودکان شیراز", "hospital", "plain"),
    ("تازه‌ای نوزادان", "hospital", "zwnj, story glued"),
    ("تازهای نوزادان", "hospital", "glued, story glued"),
    ("شبانه‌روزی پزشکان", "hospital", "zwnj, story glued"),
    ("دستگاه‌های آلمان", "hospital", "zwnj, story glued"),
    ("دستگاه های آلمان", "hospital", "spaced affix, story glued"),
    ("می‌کنند پزشکان", "hospital", "zwnj prefix, story glued"),
    # airport
    ("فرودگاه مهرآباد مه", "airport", "plain"),
    ("تاخیر پروازهای", "airport", "alef without hamza"),
    ("تأخیر پروازهای", "airport", "alef with hamza"),
    ("پروازهای مهراباد", "airport", "alef without madda"),
    ("ساعت ها سالن انتظار", "airport", "spaced affix"),
    # carpet
    ("فرش دستباف کاشان", "carpet", "plain"),
    ("قالیچه های ابریشمی", "carpet", "spaced affix"),
    ("قالیچههای ابریشمی", "carpet", "glued"),
    (arabic("نمایشگاه فرش"), "carpet", "arabic letters"),
    ("آمده اند کاشان", "carpet", "spaced perfect ending"),
    # dams
    ("سدهای تهران", "dams", "plain"),
    ("کم آب تر سدها", "dams", "spaced compound"),
    ("کمآبتر سدها", "dams", "glued compound"),
    ("۲۸ درصد ذخیره", "dams", "persian digits"),
    ("28 درصد ذخیره", "dams", "latin digits"),
    # cinema
    ("جشنواره فجر", "cinema", "no hamza above"),
    ("جشنوارهٔ فجر جایزه", "cinema", "hamza above"),
    ("فیلم نامه داوران", "cinema", "spaced compound"),
    ("فیلمنامه داوران", "cinema", "glued compound"),
    # snow: Arabic keyboard.
    ("برف اردبیل", "snow", "persian letters, story arabic"),
    ("راه‌های کوهستانی", "snow", "zwnj, story arabic"),
    ("راههای کوهستانی", "snow", "glued, story arabic"),
    ("زنجیر چرخ رانندگان", "snow", "persian letters, story arabic"),
    ("گردنه حیران یکشنبه", "snow", "persian letters, story arabic"),
    ("یک‌شنبه گردنه", "snow", "zwnj, story glued"),
    # bazaar
    ("بازار بزرگ تبریز", "bazaar", "plain"),
    ("حجره ها باز", "bazaar", "spaced affix"),
    ("سقفها مرمت", "bazaar", "glued"),
    # council
    ("شورای شهر یزد", "council", "plain"),
    ("۷ رای موافق", "council", "persian digits"),
    ("7 رأی موافق", "council", "latin digits, alef with hamza"),
    (arabic("شهردار یزد"), "council", "arabic letters"),
    # inflation and olives: a part of a word is a word of its own too.
    ("روند تورم", "inflation", "plain"),
    ("کاهش تورم پاییز", "inflation", "plain"),
    ("پائیز تورم", "inflation", "hamza seat"),
    ("می‌روند روغنکشیها", "olives", "zwnj prefix and glued"),
    ("میروند زیتون", "olives", "glued prefix"),
    ("می روند زیتون", "olives", "spaced prefix"),
    ("زیتون رودبار", "olives", "plain"),
]

# (query, story it must not find): a word never matches inside another, and a word with parts
# never matches its parts standing apart.
PRECISION = [
    ("می‌روند", "inflation"),
    ("می روند", "inflation"),
    ("پل", "snow"),
    ("سه شنبه", "library"),
    ("سه‌شنبه", "library"),
    ("2", "dates"),
    ("140", "dates"),
    ("کش", "olives"),
    ("کتاب خانه", "cinema"),
    ("شهر", "metro"),
]
