"""Vocabularies: people's names, employers, schools, job titles, stage names, catalog entries."""

from __future__ import annotations

FEMALE_FIRST = (
    "Emma", "Olivia", "Ava", "Sophia", "Isabella", "Mia", "Amelia", "Harper", "Evelyn", "Abigail", "Priya", "Ananya",
    "Mei", "Yuki", "Sakura", "Fatima", "Aisha", "Amara", "Chiamaka", "Zanele", "Lucia", "Camila", "Valentina",
    "Sofia", "Maria", "Ingrid", "Freya", "Chloe", "Grace", "Hannah", "Leila", "Nadia", "Sara", "Elena", "Julia",
    "Keisha", "Imani", "Aaliyah", "Ximena", "Hoa",
)  # fmt: skip
MALE_FIRST = (
    "Liam", "Noah", "Oliver", "Elijah", "James", "William", "Benjamin", "Lucas", "Henry", "Theodore", "Arjun", "Rohan",
    "Wei", "Hiroshi", "Kenji", "Omar", "Ahmed", "Kwame", "Chinedu", "Thabo", "Mateo", "Santiago", "Diego", "Javier",
    "Luca", "Lars", "Erik", "Jack", "Daniel", "Samuel", "Yusuf", "Karim", "David", "Ivan", "Dmitri", "Malik", "Jamal",
    "Darnell", "Minh", "Tomasz",
)  # fmt: skip
NEUTRAL_FIRST = (
    "Alex", "Jordan", "Taylor", "Morgan", "Casey", "Riley", "Jamie", "Avery", "Quinn", "Rowan", "Sasha", "Robin",
    "Kai", "Noor", "Ari", "Remy",
)  # fmt: skip
LAST = (
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez", "Hernandez",
    "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin", "Lee", "Perez",
    "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson", "Walker", "Young", "Allen",
    "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores", "Green", "Adams", "Nelson", "Baker", "Hall",
    "Rivera", "Campbell", "Mitchell", "Carter", "Roberts", "Patel", "Sharma", "Singh", "Kumar", "Chen", "Wang", "Li",
    "Zhang", "Liu", "Kim", "Park", "Tanaka", "Suzuki", "Sato", "Okafor", "Mensah", "Adeyemi", "Nkosi", "Mwangi",
    "Haddad", "Khan", "Hussain", "Ali", "Rossi", "Bianchi", "Müller", "Schmidt", "Schneider", "Dubois", "Moreau",
    "Silva", "Santos", "Oliveira", "Kowalski", "Nowak", "Ivanova", "Johansson", "Andersen", "O'Brien", "Murphy",
    "Kelly", "Walsh", "Cohen", "Levi", "Tran", "Pham", "Yilmaz", "Demir", "Costa", "Fernandes",
)  # fmt: skip

EMAIL_DOMAINS = ("gmail.com", "outlook.com", "yahoo.com", "proton.me", "icloud.com", "hey.com", "fastmail.com")
COMPANY_DOMAIN = "northwind-talent.example"

CITIES = (
    "New York", "San Francisco", "Austin", "Seattle", "Chicago", "Boston", "Denver", "Atlanta", "Toronto", "Vancouver",
    "Mexico City", "São Paulo", "Buenos Aires", "London", "Manchester", "Dublin", "Berlin", "Munich", "Amsterdam",
    "Paris", "Madrid", "Lisbon", "Stockholm", "Warsaw", "Zurich", "Bangalore", "Hyderabad", "Singapore", "Tokyo",
    "Seoul", "Sydney", "Melbourne", "Cape Town", "Lagos", "Nairobi", "Cairo", "Dubai", "Tel Aviv", "Istanbul",
    "Ho Chi Minh City",
)  # fmt: skip

COMPANIES = (
    "Acme Corp", "Globex", "Initech", "Umbrella Analytics", "Stark Industries", "Wayne Enterprises", "Hooli",
    "Pied Piper", "Vandelay Industries", "Soylent", "Cyberdyne Systems", "Tyrell Corporation", "Wonka Industries",
    "Massive Dynamic", "Aperture Science", "Black Mesa", "Oscorp", "Gringotts", "Monarch Solutions", "Blue Sun",
    "Nakatomi Trading", "Dunder Mifflin", "Sterling Cooper", "Prestige Worldwide", "Bluth Company", "Gekko & Co",
    "Rekall", "Weyland Labs", "Virtucon", "Zorg Industries", "Omni Consumer Products", "Callisto Health",
    "Northwind Traders", "Contoso", "Fabrikam", "Tailspin Toys", "Litware", "Adventure Works", "Proseware",
    "Wide World Importers", "Lucerne Publishing", "Fourth Coffee", "Alpine Ski House", "Coho Winery",
    "Trey Research", "Woodgrove Bank", "Humongous Insurance", "Margie's Travel", "Graphic Design Institute",
    "Blue Yonder Airlines",
)  # fmt: skip

CANDIDATE_TITLES = (
    "Software Engineer", "Senior Software Engineer", "Backend Developer", "Frontend Developer", "Data Analyst",
    "Data Scientist", "Data Engineer", "DevOps Engineer", "Site Reliability Engineer", "QA Engineer",
    "Product Manager", "Product Designer", "UX Researcher", "Account Executive", "Sales Development Representative",
    "Customer Success Manager", "Marketing Manager", "Content Strategist", "Financial Analyst", "Accountant",
    "HR Generalist", "Recruiter", "Operations Manager", "Project Manager", "Business Analyst", "Solutions Engineer",
    "Security Engineer", "Mobile Developer", "Engineering Manager", "Legal Counsel", "Student", "Consultant",
)  # fmt: skip

SCHOOLS = (
    "University of Michigan", "Stanford University", "MIT", "University of Texas at Austin", "Georgia Tech",
    "University of Toronto", "McGill University", "Universidad de Buenos Aires", "Universidade de São Paulo",
    "University of Oxford", "University of Cambridge", "Imperial College London", "Trinity College Dublin",
    "TU Munich", "Humboldt University of Berlin", "Sorbonne University", "ETH Zurich", "Delft University of Technology",
    "KTH Royal Institute of Technology", "University of Warsaw", "IIT Bombay", "IIT Delhi",
    "National University of Singapore",
    "University of Tokyo", "Seoul National University", "University of Sydney", "University of Melbourne",
    "University of Cape Town", "University of Lagos", "University of Nairobi", "Cairo University",
    "Tel Aviv University", "Howard University", "Spelman College", "Arizona State University", "Ohio State University",
    "Penn State", "UC Berkeley", "UCLA", "City College of New York",
)  # fmt: skip
DEGREES = ("Bachelor's Degree", "Master's Degree", "PhD", "Associate's Degree", "Bootcamp Certificate", "MBA")
DEGREE_WEIGHTS = (0.55, 0.25, 0.05, 0.06, 0.05, 0.04)
DISCIPLINES = (
    "Computer Science", "Software Engineering", "Electrical Engineering", "Mathematics", "Statistics", "Physics",
    "Economics", "Business Administration", "Finance", "Accounting", "Marketing", "Psychology", "Design",
    "Human-Computer Interaction", "Communications", "English", "History", "Law", "Information Systems", "Biology",
)  # fmt: skip

# (name, parent name or None, title roles, yearly salary midpoint in USD)
DEPARTMENTS: tuple[tuple[str, str | None, tuple[str, ...], int], ...] = (
    ("Engineering", None, ("Software Engineer", "Backend Engineer", "Frontend Engineer"), 165_000),
    ("Product", None, ("Product Manager", "Technical Product Manager"), 160_000),
    ("Design", None, ("Product Designer", "UX Researcher", "Brand Designer"), 135_000),
    ("Sales", None, ("Account Executive", "Sales Development Representative"), 110_000),
    ("Marketing", None, ("Product Marketing Manager", "Content Marketing Manager"), 120_000),
    ("Customer Success", None, ("Customer Success Manager", "Support Engineer"), 95_000),
    ("Finance", None, ("Financial Analyst", "Accountant", "FP&A Manager"), 115_000),
    ("People", None, ("People Partner", "Recruiter", "Recruiting Coordinator"), 100_000),
    ("Operations", None, ("Business Operations Analyst", "Program Manager"), 110_000),
    ("Legal", None, ("Counsel", "Paralegal"), 150_000),
    ("Platform", "Engineering", ("Platform Engineer", "Site Reliability Engineer", "Infrastructure Engineer"), 175_000),
    ("Data", "Engineering", ("Data Engineer", "Data Scientist", "Analytics Engineer", "Machine Learning Engineer"),
     170_000),
    ("Mobile", "Engineering", ("iOS Engineer", "Android Engineer"), 165_000),
    ("Security", "Engineering", ("Security Engineer", "Application Security Engineer"), 175_000),
    ("Enterprise Sales", "Sales", ("Enterprise Account Executive", "Solutions Consultant"), 140_000),
    ("SMB Sales", "Sales", ("Account Executive, SMB", "Sales Development Representative"), 90_000),
    ("Sales Engineering", "Sales", ("Sales Engineer", "Solutions Architect"), 150_000),
    ("Growth Marketing", "Marketing", ("Growth Marketing Manager", "Lifecycle Marketing Manager"), 125_000),
    ("Talent Acquisition", "People", ("Technical Recruiter", "Sourcer", "Recruiting Coordinator"), 105_000),
)  # fmt: skip
LEVELS = (("Junior ", 0.75), ("", 1.0), ("Senior ", 1.25), ("Staff ", 1.5), ("Principal ", 1.75), ("Lead ", 1.35))
LEVEL_WEIGHTS = (0.12, 0.38, 0.30, 0.08, 0.04, 0.08)

# (name, location, IANA timezone, parent name, currency, salary factor vs USD midpoints)
OFFICES: tuple[tuple[str, str | None, str, str | None, str, float], ...] = (
    ("Americas", None, "America/New_York", None, "USD", 1.0),
    ("EMEA", None, "Europe/London", None, "GBP", 0.7),
    ("APAC", None, "Asia/Singapore", None, "SGD", 1.2),
    ("New York", "New York, United States", "America/New_York", "Americas", "USD", 1.0),
    ("San Francisco", "San Francisco, United States", "America/Los_Angeles", "Americas", "USD", 1.05),
    ("Austin", "Austin, United States", "America/Chicago", "Americas", "USD", 0.9),
    ("Remote US", "Denver, United States", "America/Denver", "Americas", "USD", 0.9),
    ("Toronto", "Toronto, Canada", "America/Toronto", "Americas", "CAD", 1.1),
    ("São Paulo", "São Paulo, Brazil", "America/Sao_Paulo", "Americas", "BRL", 2.2),
    ("London", "London, United Kingdom", "Europe/London", "EMEA", "GBP", 0.65),
    ("Dublin", "Dublin, Ireland", "Europe/Dublin", "EMEA", "EUR", 0.7),
    ("Berlin", "Berlin, Germany", "Europe/Berlin", "EMEA", "EUR", 0.65),
    ("Cape Town", "Cape Town, South Africa", "Africa/Johannesburg", "EMEA", "ZAR", 6.0),
    ("Bangalore", "Bangalore, India", "Asia/Kolkata", "APAC", "INR", 18.0),
    ("Singapore", "Singapore, Singapore", "Asia/Singapore", "APAC", "SGD", 1.2),
    ("Sydney", "Sydney, Australia", "Australia/Sydney", "APAC", "AUD", 1.35),
)  # fmt: skip
OFFICE_WEIGHTS = (0, 0, 0, 0.2, 0.15, 0.08, 0.1, 0.07, 0.04, 0.12, 0.05, 0.07, 0.03, 0.05, 0.03, 0.01)

# (name, type, weight among non-prospect applications, weight among prospects)
SOURCES: tuple[tuple[str, str, float, float], ...] = (
    ("Company Website", "applied", 0.22, 0.0),
    ("LinkedIn Jobs", "applied", 0.18, 0.0),
    ("Indeed", "applied", 0.10, 0.0),
    ("Glassdoor", "applied", 0.05, 0.0),
    ("Wellfound", "applied", 0.03, 0.0),
    ("Employee Referral", "referral", 0.15, 0.15),
    ("Customer Referral", "referral", 0.02, 0.0),
    ("Hays Recruitment", "agency", 0.04, 0.03),
    ("TechStaff Partners", "agency", 0.03, 0.02),
    ("LinkedIn Recruiter", "sourced", 0.10, 0.45),
    ("GitHub", "sourced", 0.03, 0.12),
    ("Conference", "sourced", 0.02, 0.08),
    ("Internal Database", "sourced", 0.03, 0.15),
)  # fmt: skip

# (name, type); the engine picks by name group below.
REJECTION_REASONS: tuple[tuple[str, str], ...] = (
    ("Not a fit", "we_rejected"),
    ("Underqualified", "we_rejected"),
    ("Overqualified", "we_rejected"),
    ("Lacking skill(s)", "we_rejected"),
    ("Did not pass assessment", "we_rejected"),
    ("Hired another candidate", "we_rejected"),
    ("Position closed", "we_rejected"),
    ("Accepted another offer", "they_withdrew"),
    ("Compensation", "they_withdrew"),
    ("Location", "they_withdrew"),
    ("Not interested", "they_withdrew"),
    ("Personal reasons", "they_withdrew"),
    ("No response", "they_withdrew"),
    ("Other", "none_specified"),
)
REJECT_GENERAL = ("Not a fit", "Underqualified", "Overqualified", "Lacking skill(s)", "Other")
REJECT_GENERAL_WEIGHTS = (0.4, 0.25, 0.07, 0.23, 0.05)
WITHDREW_GENERAL = ("Accepted another offer", "Compensation", "Location", "Not interested", "Personal reasons",
                    "No response")  # fmt: skip
WITHDREW_GENERAL_WEIGHTS = (0.3, 0.15, 0.1, 0.2, 0.15, 0.1)
OFFER_DECLINE = ("Accepted another offer", "Compensation", "Location", "Personal reasons")
OFFER_DECLINE_WEIGHTS = (0.45, 0.35, 0.1, 0.1)
CLOSURE = ("Position closed", "Hired another candidate")

# Stage-name pools per canonical kind. Screens/interviews may appear twice in one plan: the second pick is
# drawn from the later-round pool.
STAGE_NAMES: dict[str, tuple[str, ...]] = {
    "applied": ("Application Review", "Applied", "New Applicant", "Resume Review"),
    "screen": ("Recruiter Screen", "Phone Screen", "Initial Screen", "Recruiter Call"),
    "screen2": ("Hiring Manager Screen", "Hiring Manager Call", "Technical Screen"),
    "assessment": ("Take Home", "Technical Assessment", "Work Sample", "Skills Assessment", "Case Study"),
    "interview": ("Onsite", "Technical Interview", "Panel Interview", "Virtual Onsite", "Interview Loop"),
    "interview2": ("Team Interview", "Culture Interview", "Second Round", "Onsite Day 2"),
    "final": ("Final Round", "Executive Interview", "Final Interview", "Leadership Interview"),
    "offer": ("Offer",),
}
INTERVIEW_NAMES: dict[str, tuple[str, ...]] = {
    "interview": (
        "Technical Interview",
        "System Design",
        "Behavioral Interview",
        "Pair Programming",
        "Case Study Discussion",
        "Culture Interview",
        "Portfolio Review",
    ),  # fmt: skip
    "final": ("Final Interview", "Executive Interview", "Values Interview"),
}
INTERVIEW_LOCATIONS = ("Zoom", "Google Meet", "Microsoft Teams", "Phone", "On-site")
