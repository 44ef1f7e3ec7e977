# en.lex - the English words of the timex grammar.
#
# Format (see docs/ARCHITECTURE.md, section "timex"): one entry a line,
#   PHRASE <TAB> CLASS [<TAB> ARG]
# '#' at the start of a line begins a comment; blank lines are skipped.
# PHRASE is lower case; a space in it matches any run of white space in
# the text, every other character matches itself, ASCII letters without
# regard to case. A phrase matches only from the start of a word to the
# end of a word. The same phrase may have several classes ("may" is a
# month and, elsewhere, a verb): the grammar asks for the class it needs.
# CLASS is one of the word classes the grammar knows (src/timex/lexicon.h);
# ARG is a number or a short code, as each section below says.

# MONTH n: month names and their abbreviations.
january	MONTH	1
jan	MONTH	1
jan.	MONTH	1
february	MONTH	2
feb	MONTH	2
feb.	MONTH	2
march	MONTH	3
mar.	MONTH	3
april	MONTH	4
apr	MONTH	4
apr.	MONTH	4
may	MONTH	5
june	MONTH	6
jun.	MONTH	6
july	MONTH	7
jul.	MONTH	7
august	MONTH	8
aug	MONTH	8
aug.	MONTH	8
september	MONTH	9
sept	MONTH	9
sept.	MONTH	9
sep.	MONTH	9
october	MONTH	10
oct	MONTH	10
oct.	MONTH	10
november	MONTH	11
nov	MONTH	11
nov.	MONTH	11
december	MONTH	12
dec	MONTH	12
dec.	MONTH	12

# WEEKDAY n: 1 Monday ... 7 Sunday (ISO 8601).
monday	WEEKDAY	1
mon.	WEEKDAY	1
tuesday	WEEKDAY	2
tues.	WEEKDAY	2
tue.	WEEKDAY	2
wednesday	WEEKDAY	3
wed.	WEEKDAY	3
thursday	WEEKDAY	4
thurs.	WEEKDAY	4
thu.	WEEKDAY	4
friday	WEEKDAY	5
fri.	WEEKDAY	5
saturday	WEEKDAY	6
sat.	WEEKDAY	6
sunday	WEEKDAY	7
sun.	WEEKDAY	7
# WEEKDAYS n: the plural, a recurrence ("on Tuesdays").
mondays	WEEKDAYS	1
tuesdays	WEEKDAYS	2
wednesdays	WEEKDAYS	3
thursdays	WEEKDAYS	4
fridays	WEEKDAYS	5
saturdays	WEEKDAYS	6
sundays	WEEKDAYS	7

# NUM n: cardinal numbers in words (digits are read by the engine).
# MULT n multiplies what precedes it ("two hundred", "a thousand").
zero	NUM	0
one	NUM	1
two	NUM	2
three	NUM	3
four	NUM	4
five	NUM	5
six	NUM	6
seven	NUM	7
eight	NUM	8
nine	NUM	9
ten	NUM	10
eleven	NUM	11
twelve	NUM	12
thirteen	NUM	13
fourteen	NUM	14
fifteen	NUM	15
sixteen	NUM	16
seventeen	NUM	17
eighteen	NUM	18
nineteen	NUM	19
twenty	NUM	20
thirty	NUM	30
forty	NUM	40
fourty	NUM	40
fifty	NUM	50
sixty	NUM	60
seventy	NUM	70
eighty	NUM	80
ninety	NUM	90
dozen	NUM	12
a couple of	NUM	2
couple of	NUM	2
hundred	MULT	100
thousand	MULT	1000
# ART n: an article that counts as the number n before a unit ("a year").
a	ART	1
an	ART	1
# AND: joins the parts of a number or of a duration ("a minute and a half").
and	AND
# HALF: one half.
half	HALF

# ORD n: ordinal numbers in words. ORDSUF: suffixes after digits ("3rd").
first	ORD	1
second	ORD	2
third	ORD	3
fourth	ORD	4
fifth	ORD	5
sixth	ORD	6
seventh	ORD	7
eighth	ORD	8
ninth	ORD	9
tenth	ORD	10
eleventh	ORD	11
twelfth	ORD	12
thirteenth	ORD	13
fourteenth	ORD	14
fifteenth	ORD	15
sixteenth	ORD	16
seventeenth	ORD	17
eighteenth	ORD	18
nineteenth	ORD	19
twentieth	ORD	20
twenty-first	ORD	21
thirtieth	ORD	30
thirty-first	ORD	31
st	ORDSUF
nd	ORDSUF
rd	ORDSUF
th	ORDSUF
# DECSUF: the suffix of a decade written in digits ("1980s", "'80s").
s	DECSUF

# UNIT code: calendar units, singular. UNITS code: the plural.
# Codes: Y year, M month, W week, D day, H hour, TM minute, TS second,
# Q quarter, E decade, C century, WE weekend, HY half year.
year	UNIT	Y
years	UNITS	Y
yr	UNIT	Y
yrs	UNITS	Y
month	UNIT	M
months	UNITS	M
week	UNIT	W
weeks	UNITS	W
day	UNIT	D
days	UNITS	D
hour	UNIT	H
hours	UNITS	H
minute	UNIT	TM
minutes	UNITS	TM
second	UNIT	TS
seconds	UNITS	TS
quarter	UNIT	Q
quarters	UNITS	Q
decade	UNIT	E
decades	UNITS	E
century	UNIT	C
centuries	UNITS	C
weekend	UNIT	WE
weekends	UNITS	WE
# PERIOD: a reporting period, read as the quarter the context talks of.
period	PERIOD

# SEASON code: SP spring, SU summer, FA autumn, WI winter.
spring	SEASON	SP
summer	SEASON	SU
autumn	SEASON	FA
fall	SEASON	FA
winter	SEASON	WI
springs	SEASONS	SP
summers	SEASONS	SU
winters	SEASONS	WI

# PART code: parts of a day (a TIME): MO morning, AF afternoon, EV evening,
# NI night, DT day time.
morning	PART	MO
afternoon	PART	AF
evening	PART	EV
night	PART	NI
overnight	PART	NI
nights	PARTS	NI
mornings	PARTS	MO
evenings	PARTS	EV

# REL n: a day counted from the document's date.
today	REL	0
yesterday	REL	-1
tomorrow	REL	1
the day before yesterday	REL	-2
the day after tomorrow	REL	2
# RELPART code: today's part of day ("tonight").
tonight	RELPART	NI

# CLOCK hh:mm: named times of day.
noon	CLOCK	12:00
midday	CLOCK	12:00
midnight	CLOCK	24:00
# AMPM n: hours to add to a clock time (0 for a.m., 12 for p.m.).
a.m.	AMPM	0
am	AMPM	0
p.m.	AMPM	12
pm	AMPM	12
o'clock	AMPM	-1
# ZONE: time zone names kept inside a time's span.
est	ZONE
edt	ZONE
gmt	ZONE
utc	ZONE
pst	ZONE
cst	ZONE

# REF value: expressions that point at the present, past or future as a
# whole.
now	REF	PRESENT_REF
right now	REF	PRESENT_REF
currently	REF	PRESENT_REF
current	REF	PRESENT_REF
at present	REF	PRESENT_REF
presently	REF	PRESENT_REF
nowadays	REF	PRESENT_REF
these days	REF	PRESENT_REF
the present	REF	PRESENT_REF
recently	REF	PAST_REF
lately	REF	PAST_REF
the past	REF	PAST_REF
recent years	REF	PAST_REF
soon	REF	FUTURE_REF
the future	REF	FUTURE_REF
the near term	REF	FUTURE_REF
the short term	REF	FUTURE_REF
the near future	REF	FUTURE_REF
the distant future	REF	FUTURE_REF
as soon as possible	REF	FUTURE_REF
a later date	REF	FUTURE_REF

# Modifiers before a unit, a month, a weekday or a season.
# PREV: the one before the present one. NEXT: the one after. THIS: the
# present one. LATEST: the last one reported.
last	PREV
past	PREV
previous	PREV
this past	PREV
next	NEXT
coming	NEXT
this coming	NEXT
following	NEXT
upcoming	NEXT
this	THIS
current	THIS
latest	LATEST
full	THIS
most recent	LATEST
# THE: the definite article, kept inside spans ("the third quarter").
the	THE
# OF: between a date part and a year ("the end of 1990", "March of 1994").
of	OF
in	IN

# AGO: a duration counted back from the document's date ("two years ago").
# BEFORE: counted back from the date in context ("a year earlier").
# AFTER: counted forward ("two years later", "a week from now").
ago	AGO
earlier	BEFORE
before	BEFORE
later	AFTER
from now	AGO_FWD
hence	AGO_FWD
# YEARAGO: the same period one year earlier.
year-ago	YEARAGO
year-earlier	YEARAGO
# AMBIG: words that are also something else ("may", "march", "fall"):
# the grammar takes them alone only when capitalised inside a sentence.
may	AMBIG
march	AMBIG
fall	AMBIG
sun.	AMBIG
sat.	AMBIG
wed.	AMBIG
mon.	AMBIG
# FILLER: words allowed between a duration and AGO ("a week or so ago").
or so	FILLER

# Edges of a period: EARLY (mod START), LATE (END), MID (MID). The
# grammar only uses them directly before a date.
early	EARLY
earlier	EARLY
the beginning of	EARLY
the start of	EARLY
beginning of	EARLY
start of	EARLY
late	LATE
later	LATE
the end of	LATE
end of	LATE
the close of	LATE
mid	MID
middle	MID
the middle of	MID
middle of	MID

# APPROX mod: qualifiers kept in a span, with the TIMEX3 mod they give.
about	APPROX	APPROX
around	APPROX	APPROX
roughly	APPROX	APPROX
approximately	APPROX	APPROX
some	APPROX	APPROX
nearly	APPROX	LESS_THAN
almost	APPROX	LESS_THAN
less than	APPROX	LESS_THAN
more than	APPROX	MORE_THAN
at least	APPROX	EQUAL_OR_MORE
at most	APPROX	EQUAL_OR_LESS
up to	APPROX	EQUAL_OR_LESS
no more than	APPROX	EQUAL_OR_LESS

# QUANT [ref]: an unstated number of units ("several years"), or with a
# reference value, the past or future at large ("recent weeks").
several	QUANT
a few	QUANT
few	QUANT
many	QUANT
some	QUANT
recent	QUANT	PAST_REF
coming	QUANT	FUTURE_REF
future	QUANT	FUTURE_REF
the next few	QUANT
the past few	QUANT	PAST_REF
the last few	QUANT	PAST_REF

# Recurrence. EVERY: "every week". SETWORD value: a whole recurrence.
every	EVERY
each	EVERY
per	EVERY
annually	SETWORD	P1Y
yearly	SETWORD	P1Y
monthly	SETWORD	P1M
weekly	SETWORD	P1W
hourly	SETWORD	PT1H
# AGE: after a duration, makes it an age ("52 years old"), not a timex.
old	AGE
# YEAREND: the end of the present year.
year-end	YEAREND
year end	YEAREND
year's end	YEAREND
# FISCAL: a fiscal year or quarter.
fiscal	FISCAL

# Tense cues, for a bare weekday or month. FUT: the sentence looks
# forward. PAST: it looks back.
will	FUT
'll	FUT
shall	FUT
going to	FUT
is to	FUT
are to	FUT
plans to	FUT
plan to	FUT
scheduled	FUT
expected to	FUT
expects	FUT
expect	FUT
forecast to	FUT
is due	FUT
are due	FUT
set to	FUT
until	FUT
was	PAST
were	PAST
had	PAST
did	PAST
ago	PAST
since	PAST

# DEADLINE: a word that, right before a bare weekday, makes it a limit
# still ahead ("by Wednesday", "until Friday") unless the sentence's
# tense cues look back ("had left by Monday").
by	DEADLINE
until	DEADLINE
till	DEADLINE
before	DEADLINE
no later than	DEADLINE
