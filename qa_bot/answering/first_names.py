"""Common first names that are, nearly always, a woman's or a man's.

Used only to keep "he" from meaning Helen Cartwright and "her" from meaning Raymond Voss when a
conversation's last name is of the other sex. Names borne by both (Jamie, Alex, Sam, Jordan,
Andrea, Jean, Nicola, Kim, Robin, ...) are left out on purpose: an unknown name is never
excluded. Lower case, without accents (``gender_of`` folds them).
"""

from __future__ import annotations

_FEMALE_NAMES = (
    "aaliyah abena abigail ada adaeze adriana agathe agnes agnieszka aiko aisha akua "
    "alejandra alexandra alice alicia alina alison ama amanda amara amelia amina amira "
    "amy ana ananya anastasia andreea angela angelica angelina anita anja ann anna "
    "annabel anne annelie annemarie annette annika antonia ariana astrid audrey aurora "
    "barbara beatrice beatriz bella bettina beverly bianca birgit brenda bridget brigitte "
    "camila camille carla carmen carol carolina caroline catherine cecilia celine chantal "
    "charlotte chiamaka chiara chloe christina christine cindy claire clara claudia "
    "colleen constance cristina cynthia daniela daphne daria deborah debra deepika delia "
    "denise diana diane dolores donna doris dorothy edith efua ekaterina elaine eleanor "
    "elena elif elisa elisabeth elise eliza elizabeth elizaveta ella ellen eloise elsa "
    "emilia emily emma erica erika esther eva evelyn ewa fatima fiona florence folake "
    "francesca francoise frida gabriela gabriella gabrielle gemma genevieve georgia "
    "geraldine gertrude gillian gina giulia gloria grace greet greta gwen hannah hanne "
    "harriet haruka heather heidi helen helena helga hilary hilda imani ines ingrid irene "
    "irina iris isabel isabella isabelle ivana jacqueline jane janet janice jasmine "
    "jeanne jennifer jenny jessica ji-woo joan joanna johanna josephine joyce judith judy "
    "julia juliana julie juliet juliette karen karin katarina katarzyna kate katherine "
    "kathleen kathryn katie katrin kavita keiko kirsten kseniya lakshmi laura lauren "
    "layla leah leila lena leonora lily linda lisa liv liz lorena lorraine louise lucia "
    "lucie lucy ludmila luisa lydia magdalena maja malak malgorzata manon margaret "
    "margarita margot marguerite maria mariana marie marina marion marisol marit marta "
    "martha martina mary matilda maureen maya megan mei melanie melissa mette mia "
    "michelle mila miriam monica monique nadia nadine nancy naomi natalia natasha "
    "nathalie ngozi nia nicole nina nora noura odile oksana olena olga olivia paola "
    "patricia paula pauline penelope petra phoebe pilar priya rachel rebecca regina "
    "renata rhiannon rita roberta rosa rosalind rose rosemary ruth sabine sabrina sakura "
    "sally samantha samira sandra sara sarah selma serena sharon sheila shirley sigrid "
    "silvia simone sofia solveig sonia soo-jin sophia sophie stella stephanie sunita "
    "susan susanne suzanne svetlana sylvia sylvie tamara tanya tatiana teresa theresa "
    "ursula valentina valeria vanessa vera veronica veronique victoria violet virginia "
    "vivian wanjiru wendy wilhelmina yasmin yasmina yelena yolanda yulia yvonne zainab "
    "zoe zofia "
)

_MALE_NAMES = (
    "aaron abdul abraham adam adrian ahmed ahmet alan albert alberto alejandro aleksandr "
    "alexander alexei alfred ali alistair alonso amir amit anatoly anders andre andrew "
    "andrzej angelo anthony anton antonio archie arjun arnold arthur arun august benoit "
    "bernard bjorn boris brandon brian bruce bruno carl carlos cedric charles chinedu "
    "christian christoph christopher clive colin conrad craig cristiano daniel dario "
    "darren david dennis derek didier diego dieter dimitri dmitri dominic donald douglas "
    "dragan duncan edgar eduardo edward emeka emil emilio enrique eric erik ernest "
    "ernesto esteban etienne eugene fabio felipe felix fernando filip francesco francisco "
    "francois frank franz fred frederick gabriel gareth gary geoffrey george gerald "
    "gerard gerhard gilles giorgio giovanni giuseppe goran gordon graham gregory "
    "guillaume guillermo gunnar gunther gustavo hamid hans hans-peter hao harold harry "
    "haruto hassan hector hendrik henrik henry herbert hiroshi hugh hugo hyun-woo ian "
    "ibrahim igor ivan ivo jack jacob jacques jake jakub james jan javier jeffrey jens "
    "jeremy jerome joachim joao joaquin joe joel johan johannes john jonas jonathan jorge "
    "jorgen jose josef joseph juan julian julio juma jurgen karim karl keith kenji "
    "kenneth kevin khalid klaus kofi konstantin krzysztof kurt kwabena kwame lars laurent "
    "lawrence leon leonard leonardo liam lorenzo louis luca lucas luigi luis lukas magnus "
    "malcolm manuel marcel marco marcus marek mario mark marten martin mateo matteo "
    "matthew matthias maurice max maximilian michael michel miguel mikhail milan milos "
    "min-jun mohamed mohammed muhammad mustafa nathan neil nicholas nicolas nikita niklas "
    "nikola nikolai nils noah norman olaf oleg oliver olivier oluwaseun omar ondrej oscar "
    "otto owen pablo patrick paul pavel pawel pedro peter philip philippe pierre piotr "
    "rafael rahul rajesh ralph ramon ravi raymond rebel reinhard rene ricardo richard rob "
    "robert roberto rodrigo roger roland ronald rui russell ryan salvador samuel sanjay "
    "santiago sean sebastian sergei sergio simon soren stanley stefan stephen steven stig "
    "stuart suresh sven tadeusz takashi tariq thierry thomas timothy tobias tomas tomasz "
    "tommaso tony torsten travis trevor tunde umar vaclav vadim vasily victor vikram "
    "viktor vincent vladimir walter wayne werner wilhelm william wolfgang xavier youssef "
    "yuri yusuf yves zoltan zoran "
)

FEMALE = frozenset(_FEMALE_NAMES.split())
MALE = frozenset(_MALE_NAMES.split())
