"""Word lists of the name masker (``masker_names``, ``masker_morph``): what a word next to a capitalised word says
about it. General vocabulary — roles, kinship, address, reporting verbs — not names seen in test texts."""
from __future__ import annotations

# Latin words that are not people in Russian texts: services, brands, places, English words.
LATIN_NOT_NAMES = frozenset("""
    The A An And Of In On At To For By From With Is Are Be Not No Yes Hello Hi Dear Mr Mrs Ms Dr Best Regards
    Thanks Thank You Please Sorry Ok Okay Street Road Avenue House Flat Park City Center Centre Mall Plaza Hotel
    Google Maps Map Yandex Go Taxi Market Eda Lavka Mail Gmail Outlook Yahoo Apple Iphone Ipad Android Samsung
    Xiaomi Huawei Honor Wildberries Ozon Avito Sber Sberbank Tinkoff Vtb Alfa Gazprom Telegram Whats App Whatsapp
    Viber Skype Zoom Vk Vkontakte Instagram Facebook Youtube Tiktok Rutube Max Wi Fi Wifi Internet Online Smart
    Lada Granta Vesta Kalina Priora Niva Largus Toyota Camry Corolla Hyundai Solaris Creta Kia Rio Sportage
    Renault Logan Sandero Duster Volkswagen Polo Skoda Octavia Rapid Nissan Mazda Ford Focus Chevrolet Mercedes
    Benz Audi Volvo Haval Chery Geely Kamaz Gazel Next Pro Plus Mini Super Coca Cola Pepsi Burger King Magnit
    Pyaterochka Perekrestok Lenta Auchan Metro Leroy Merlin Ikea Decathlon Sportmaster Dns Mvideo Eldorado Rostelecom
    Beeline Megafon Tele Mts Yota Dom Ru Krasnoyarsk Moscow Russia Siberia Arena Stadium School Club Fitness Cafe
    Bar Pizza Sushi Coffee Shop Store Service Services Group Company Team Support Admin Info Help Test
    Covid Pdf Excel Word Windows Microsoft Linux Error Ok Gps Glonass Qr Sms Id Tv
    Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Str Ulitsa Prospekt Pereulok Mkr
""".split())
# Words that name a person's role right before the name: what follows is a name even when the dictionary knows the
# word as something else («жилец Мороз», «гр. Соловей», «заявитель Гусь»). Lower case; «гр.» with its dot.
CUE_WORDS = frozenset("""
    гр. гр-н гр-ка гражданин гражданина гражданину гражданином гражданка гражданки гражданке гражданку гражданкой
    жилец жильца жильцу жильцом жильцы жильцов жилица жилицы житель жителя жителю жители жителей жительница
    жительницы жительнице жительницу заявитель заявителя заявителю заявителем заявительница заявительницы
    заявительнице заявительницу собственник собственника собственнику собственница собственницы собственнице
    наниматель нанимателя квартиросъёмщик квартиросъемщик сосед соседа соседу соседи соседей соседка соседки соседке
    соседку пенсионер пенсионера пенсионерка пенсионерки пенсионерке ветеран ветерана инвалид инвалида
    абонент абонента абоненту абонентом мастер мастера мастеру мастером специалист специалиста специалисту
    специалистом оператор оператора оператору инспектор инспектора инспектору водитель водителя водителю
    водителем кондуктор кондуктора кондуктору контролёр контролер контролёра контролера директор директора
    директору председатель председателя председателю старший старшая старшего старшей старшему дворник дворника
    дворнику слесарь слесаря слесарю электрик электрика сантехник сантехника участковый участкового
    участковому исполнитель исполнителя исполнителю депутат депутата депутату врач врача врачу учитель учителя
    студент студента студентка студентки внук внука внуку внучка внучки внучке сын сына сыну дочь дочери муж мужа
    мужу жена жены жене мать матери отец отца бабушка бабушки дедушка дедушки уважаемый уважаемая уважаемой
    уважаемому уважением подпись фио звонил звонила позвонил позвонила писал писала написал написала обратился
    обратилась обращается обращался обращалась сообщил сообщила сообщает приходил приходила
    диспетчер диспетчера диспетчеру диспетчером инженер инженера инженеру инженером прораб прораба прорабу
    бригадир бригадира бригадиру охранник охранника охраннику вахтёр вахтер вахтёра вахтера регистратор регистратора
    кассир кассира продавец продавца продавщица продавщицы бухгалтер бухгалтера фамилия фамилии фамилию фамилией
    зовут пишет
""".split())
# Words that may stand between a role word and the name: «старшая по дому Кравец», «жильцы дома: Карась».
CUE_CONNECTORS = frozenset("по дома дому подъезда подъезду квартиры нашего нашей наш наша мой моя из".split())
# Cues that say nothing of the case of the name after them («гр. Горобец», «С уважением, Чита»).
CASELESS_CUES = frozenset("гр. гр-н гр-ка фио подпись уважением".split())
# Adjectives of address and of saints: «Дорогая Тамара Ивановна», «Святая Анна» — not a surname beside the name.
# (Pronoun-like «наша», «эта» and ordinals «Первая» are told by their grammemes Apro, Anum.)
ADDRESS_ADJECTIVES = frozenset("""
    дорогой милый любимый родной многоуважаемый глубокоуважаемый уважаемый досточтимый святой преподобный
    блаженный великий
""".split())
# Lemmas of nouns for people that start a sentence before a verb without being a name: «Мама звонила», «Пациент
# жалуется», «Подрядчик пишет» (role words of ``masker_names.CUE_WORDS`` are checked there).
PERSON_NOUNS = frozenset("""
    мама папа мать отец сын дочь брат сестра тётя тетя дядя бабушка дедушка внук внучка муж жена супруг супруга
    тёща теща свекровь свёкор свекор зять невестка родитель ребёнок ребенок мальчик девочка подросток школьник
    школьница ученик ученица студент студентка человек мужчина женщина девушка парень старик старушка друг подруга
    товарищ коллега автор читатель пациент клиент пассажир покупатель потребитель пользователь посетитель
    избиратель житель жительница заявитель заявительница гражданин гражданка сосед соседка жилец собственник
    подрядчик застройщик перевозчик исполнитель сотрудник сотрудница работник работница руководитель начальник
    начальница заместитель глава мэр губернатор президент министр прокурор депутат юрист адвокат представитель
    диспетчер инженер охранник продавец продавщица кассир уборщица вахтёр вахтер консьерж бригадир прораб мастер
    специалист оператор инспектор водитель директор председатель врач учитель учительница воспитатель
    воспитательница медсестра фельдшер почтальон курьер корреспондент журналист блогер волонтёр волонтер ветеран
    инвалид пенсионер пенсионерка абонент слесарь электрик сантехник дворник участковый полицейский
""".split())
# Verbs of a complainant: a lone capitalised noun before one of them (3rd person or past, singular) is its subject.
COMPLAINT_VERBS = frozenset("""
    писать написать сообщать сообщить жаловаться пожаловаться просить попросить звонить позвонить обращаться
    обратиться требовать потребовать возмущаться интересоваться спрашивать спросить указывать указать пояснять
    пояснить утверждать заявлять заявить благодарить поблагодарить
""".split())
# Role words after which a genitive is the place of the person, not the person: «жителя Красноярска».
RESIDENT_LEMMAS = frozenset("житель жительница уроженец уроженка".split())

