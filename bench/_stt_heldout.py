"""A held-out check for the key-term corrector (bench/voice_stt.py): another company's
customers, commands written before the corrector was tuned, none of them in the demo CRM.

``CUSTOMERS`` stands in for that company's CRM page; its key terms are built by
``voice_worker.key_terms`` from them the way a call builds them (the product library every
company has, then the customers), so the corrector sees none of the demo's names.
"""

from __future__ import annotations

CUSTOMERS = [
    "Daniel Kowalczyk",
    "Erin Brennan",
    "Chidi Okafor",
    "Rosa Delgado",
    "Tom Haskins",
    "Fiona McAllister",
    "Linh Nguyen",
    "Marco Pellegrino",
    "Karl Rasmussen",
    "Anna Szymanski",
    "Luc Thibodeaux",
    "Greg Vanderberg",
    "Piotr Wojcik",
    "Ruth Abernathy",
    "Claire Beaumont",
    "Sal Castellano",
    "Renee Dubois",
    "Gina Esposito",
    "Hal Fenwick",
    "Nico Grimaldi",
]

COMMANDS = [
    "What's the status of the Kowalczyk job?",
    "Pull up the Brennan estimate.",
    "Call Chidi Okafor about the gutters.",
    "Move the Delgado job to install scheduled.",
    "What's left on the Haskins roof?",
    "Add a note to the McAllister job: gate code is four four one two.",
    "Text Linh Nguyen that we are on our way.",
    "How much is the Pellegrino contract?",
    "Did the Rasmussen permit come through?",
    "Schedule a site visit with Anna Szymanski on Monday.",
    "Who is the salesperson on the Thibodeaux job?",
    "Mark the Vanderberg job as paid in full.",
    "What color did the Wojcik family pick?",
    "Read me the last note on the Abernathy job.",
    "Book the Beaumont install for June tenth.",
    "Is the Castellano deposit in?",
    "Email Renee Dubois the warranty.",
    "What stage is the Esposito job in?",
    "Remind me to call Hal Fenwick tomorrow.",
    "Close out the Grimaldi job.",
    "How thick is the Ironbark trim board?",
    "Quote the StoneLap plank for the Brennan house.",
    "Does CrestCoat come in a darker gray?",
    # no key term in these: the corrector must leave them as they were heard
    "The crew needs another roll of ice and water shield.",
    "Tell the homeowner we will be there around noon.",
    "How long does the paint need to dry?",
    "Order forty bundles of architectural shingles.",
    "The dumpster is blocking the driveway.",
    "Write up a change order for the rotten fascia.",
    "What's our close rate this quarter?",
    "Ask the office to print the lien waiver.",
    "The price went up by twelve percent.",
    "Move my two o'clock to three fifteen.",
    "We finished the tear off early today.",
    "The inspector wants to see the flashing.",
    "Send the crew lead the address on Birch Street.",
]

# Ordinary English, no company in it: what a rep might say that is not a command.
ORDINARY = [
    "It looks like rain later so we might pack up early.",
    "My truck needs new brakes before the weekend.",
    "The coffee at that gas station is terrible.",
    "I left my tape measure in the garage.",
    "Can you believe how windy it got this afternoon?",
    "The kids have a soccer game on Saturday.",
    "Traffic on the highway was backed up for miles.",
    "We should get lunch after the next appointment.",
    "The ladder is in the back of the van.",
    "She said she would think about it and call us back.",
    "I don't remember where I parked.",
    "That neighborhood has a lot of older houses.",
]
