#!/usr/bin/env python3
"""Deterministic corpus of realistic Italian drafts for alpost's benchmarks.

    python3 benches/gen_corpus.py OUT_DIR N [--seed S]

Writes N drafts (posts and replies, clean and faulty, every rule area represented, sizes like
real posts) into OUT_DIR/posts/NNNN/ and OUT_DIR/replies/NNNN/, 500 files per folder. The same
seed always gives byte-identical files. All people, numbers and codes are invented.
"""

import argparse
import os
import random

PLACES = ["piazza della Libertà", "via Marengo", "corso Roma", "Cittadella", "via Dante",
          "spalto Borgoglio", "piazzetta della Lega", "corso Crimea", "via Milano", "Palazzo Cuttica"]
OFFICES = ["Settore Lavori Pubblici", "Ufficio Tributi", "Servizio Anagrafe", "Ufficio Relazioni con il Pubblico",
           "Comando di Polizia Locale", "Settore Servizi Sociali", "Servizio Biblioteche", "Settore Ambiente",
           "Ufficio Cultura"]
EVENTS = ["il Mercatino di Natale", "la Festa di San Baudolino", "il concerto della banda cittadina",
          "la mostra fotografica", "la giornata ecologica", "la fiera di primavera",
          "la rassegna di teatro per ragazzi", "il torneo di scacchi in piazza"]
DAYS = ["lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica"]
MONTHS = ["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "settembre",
          "ottobre", "novembre", "dicembre"]

CLEAN_POST = [
    "Da {day} {n} {month} {event} torna in {place}. Gli stand sono aperti dalle {h1}:00 alle {h2}:00.",
    "Il programma completo è sul sito: comune.alessandria.it/eventi",
    "Per informazioni potete rivolgervi all'URP, aperto dal lunedì al venerdì dalle 9:00 alle 12:30.",
    "Il {office} ricorda che le domande si presentano entro il {n} {month} con lo SPID o la CIE.",
    "L'ingresso è gratuito per i bambini e ridotto per chi ha più di 65 anni.",
    "Vi aspettiamo numerosi: portate amici e famiglie.",
    "In caso di pioggia l'iniziativa si sposta sotto i portici di {place}.",
    "Le foto sono dell'Ufficio Comunicazione del Comune di Alessandria.",
]
FAULTY = {
    "style": ["Cmq vi aspettiamo x la festa 😀", "ATTENZIONE!! Lo sportello nn riceve il pubblico :)",
              "Grazie a tt xké siete stati in tanti 🎉🎉", "Che bella giornata :D"],
    "concise": ["Info: https://www.comune.alessandria.it/eventi/{event_slug}/programma-completo?utm_source=facebook&fbclid=IwAR0abc",
                "#Alessandria #Eventi #Cultura #Estate #ComuneDiAlessandriaInforma"],
    "privacy": ["Per il ritiro chiamate il signor Rossi al 347 123 4567.",
                "Il codice fiscale del richiedente è RSSMRA85T10A562S.",
                "Versate sull'IBAN IT60 X054 2811 1010 0000 0123 456."],
    "content": ["Votate la nostra lista alle prossime elezioni!",
                "Approfittate dello sconto imperdibile: codice promo ESTATE20, link in bio.",
                "BOZZA riservata: non divulgare prima della delibera. TODO inserire [LINK]."],
    "plain": ["Si comunica che in ottemperanza alla normativa vigente i cittadini devono provvedere al pagamento entro e non oltre il termine previsto dal regolamento comunale approvato con la deliberazione del Consiglio comunale che disciplina la materia.",
              "Raga, la festa è stata una figata, top!"],
}
CLEAN_REPLY = [
    "Buongiorno e grazie per la segnalazione. L'abbiamo inoltrata al {office}, che interverrà in {place} entro {day}.",
    "Gentile signora, grazie per il messaggio: l'ufficio è aperto dalle 9:00 alle 12:30, dal lunedì al venerdì.",
    "Buonasera, la ringraziamo per la domanda. Il modulo è sul sito del Comune, nella pagina del {office}.",
]
COMPLAINTS = ["In {place} c'è una buca enorme da giorni, vergogna!", "A che ora apre l'Anagrafe il sabato?",
              "Segnalo lampioni spenti in {place} da settimane.", "Come si fa a rinnovare la carta d'identità?"]


def fill(rng, text):
    event = rng.choice(EVENTS)
    return text.format(day=rng.choice(DAYS), n=rng.randint(1, 28), month=rng.choice(MONTHS),
                       event=event, place=rng.choice(PLACES), office=rng.choice(OFFICES),
                       h1=rng.randint(8, 11), h2=rng.randint(17, 23),
                       event_slug=event.replace(" ", "-").replace("'", ""))


def front_matter(rng, kind, faulty):
    platform = rng.choice(["facebook"] * 5 + ["instagram", "x", "threads", "bluesky", "mastodon", "linkedin", "youtube"])
    lines = ["+++", f'kind = "{kind}"', f'platform = "{platform}"']
    day = rng.randint(1, 28)
    hour = rng.choice([10, 11, 15, 16] if not faulty or rng.random() < 0.5 else [7, 21, 23])
    lines.append(f"publish_at = 2027-{rng.randint(1, 12):02d}-{day:02d}T{hour:02d}:30:00")
    if kind == "reply":
        lines.append('in_reply_to = "' + fill(rng, rng.choice(COMPLAINTS)).replace('"', "'") + '"')
    if kind == "post" and rng.random() < 0.7:
        lines += ["", "[[images]]", f'file = "foto-{rng.randint(1, 999)}.jpg"',
                  'alt = "Una piazza del centro di Alessandria"',
                  'credit = "Ufficio Comunicazione, Comune di Alessandria"']
    lines.append("+++")
    return "\n".join(lines) + "\n"


def draft(rng, kind, faulty):
    if kind == "post":
        body = [fill(rng, s) for s in rng.sample(CLEAN_POST, rng.randint(2, 5))]
        if rng.random() < 0.6:
            body.append("#Alessandria")
    else:
        body = [fill(rng, rng.choice(CLEAN_REPLY))]
    if faulty:
        area = rng.choice(sorted(FAULTY))
        body.insert(rng.randint(0, len(body)), fill(rng, rng.choice(FAULTY[area])))
        if kind == "reply" and rng.random() < 0.3:
            body[0] = body[0].replace("Buongiorno e grazie", "Allora").replace("Gentile signora, grazie", "Dunque")
    return front_matter(rng, kind, faulty) + "\n\n".join(body) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("out")
    parser.add_argument("count", type=int)
    parser.add_argument("--seed", type=int, default=2526)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    for i in range(args.count):
        kind = "reply" if rng.random() < 0.35 else "post"
        faulty = rng.random() < 0.5
        folder = os.path.join(args.out, "posts" if kind == "post" else "replies", f"{i // 500:04d}")
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, f"{i:06d}.txt"), "w", encoding="utf-8", newline="\n") as f:
            f.write(draft(rng, kind, faulty))


if __name__ == "__main__":
    main()
