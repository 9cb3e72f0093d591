//! The evidence catalogue: every source a rule rests on, with its level and a plain note on
//! what it does and does not show.

/// How strong a kind of evidence is, shown to users beside every reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// A clinical practice guideline or consensus framework.
    Guideline,
    /// A systematic review, with or without meta-analysis.
    SystematicReview,
    /// A randomised controlled trial.
    Rct,
    /// An observational study in people: cohort, single-arm, prediction, or measurement
    /// (normative, reliability, twin) study.
    Prognostic,
    /// Laboratory work: EMG, physiology, animal, cadaver or tissue studies.
    Lab,
    /// Expert opinion, including the source article's advice where no study backs it.
    ExpertOpinion,
}

impl Level {
    /// The stable wire name of the level.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Guideline => "guideline",
            Self::SystematicReview => "systematic_review",
            Self::Rct => "rct",
            Self::Prognostic => "prognostic",
            Self::Lab => "lab",
            Self::ExpertOpinion => "expert_opinion",
        }
    }

    /// A short phrase for people, for badges beside a reason.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Guideline => "clinical guideline",
            Self::SystematicReview => "systematic review",
            Self::Rct => "randomised trial",
            Self::Prognostic => "observational study",
            Self::Lab => "laboratory study",
            Self::ExpertOpinion => "expert opinion",
        }
    }

    /// What the level covers, in plain words, for the source pages.
    #[must_use]
    pub fn describe(self) -> &'static str {
        match self {
            Self::Guideline => "a clinical practice guideline or consensus framework",
            Self::SystematicReview => "a systematic review of many studies",
            Self::Rct => "a randomised controlled trial",
            Self::Prognostic => {
                "an observational study in people (cohort, prediction or measurement)"
            }
            Self::Lab => "a laboratory study (EMG, animal, cadaver or tissue)",
            Self::ExpertOpinion => {
                "expert opinion, including the source article's own advice where no study backs it"
            }
        }
    }

    /// Parses a wire name.
    #[must_use]
    pub fn parse(name: &str) -> Option<Self> {
        [
            Self::Guideline,
            Self::SystematicReview,
            Self::Rct,
            Self::Prognostic,
            Self::Lab,
            Self::ExpertOpinion,
        ]
        .into_iter()
        .find(|level| level.as_str() == name)
    }
}

/// One source in the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Citation {
    /// Stable id, `CIT-…`, never reused.
    pub id: &'static str,
    /// Authors or issuing body.
    pub authors: &'static str,
    /// Year of publication; 0 when the source is undated.
    pub year: u16,
    /// Title of the work.
    pub title: &'static str,
    /// Journal, publisher or venue.
    pub venue: &'static str,
    /// DOI or URL; empty when there is no stable public address.
    pub link: &'static str,
    /// Evidence level.
    pub level: Level,
    /// What it shows, in one line.
    pub shows: &'static str,
    /// What it does not show, in one line.
    pub does_not_show: &'static str,
    /// Whether the record's authors, year, title, venue and link were checked against the published source.
    pub verified: bool,
}

/// Looks a citation up by id.
#[must_use]
pub fn citation(id: &str) -> Option<&'static Citation> {
    CATALOGUE.iter().find(|citation| citation.id == id)
}

macro_rules! cit {
    ($id:literal, $authors:literal, $year:literal, $title:literal, $venue:literal, $link:literal, $level:ident, $shows:literal, $not:literal, $verified:literal) => {
        Citation {
            id: $id,
            authors: $authors,
            year: $year,
            title: $title,
            venue: $venue,
            link: $link,
            level: Level::$level,
            shows: $shows,
            does_not_show: $not,
            verified: $verified,
        }
    };
}

/// Every source resilift cites, in a stable order.
pub static CATALOGUE: &[Citation] = &[
    cit!(
        "CIT-ARTICLE",
        "A chiropractor and rehabilitation clinician (author not named in the copy resilift holds)",
        0,
        "Deadlifts: Balancing Risk and Reward for a Resilient Spine",
        "Undated clinic blog article, not peer-reviewed; the article resilift grew from",
        "",
        ExpertOpinion,
        "An experienced clinician's practical sequence for bringing hinging back after back pain.",
        "It is not a study: its thresholds (60 s hold, 60-70% loads, weekly sessions) were not tested as such.",
        false
    ),
    cit!(
        "CIT-IFOMPT2020",
        "Finucane LM, Downie A, Mercer C, et al.",
        2020,
        "International framework for red flags for potential serious spinal pathologies",
        "J Orthop Sports Phys Ther 50(7):350-372",
        "https://researchers.mq.edu.au/en/publications/international-framework-for-red-flags-for-potential-serious-spina",
        Guideline,
        "How clinicians should reason about cauda equina syndrome, fracture, cancer and infection.",
        "Single red flags are weak tests on their own; their absence does not rule a condition out.",
        true
    ),
    cit!(
        "CIT-DOWNIE2013",
        "Downie A, Williams CM, Henschke N, et al.",
        2013,
        "Red flags to screen for malignancy and fracture in patients with low back pain: systematic review",
        "BMJ 347:f7095",
        "https://doi.org/10.1136/bmj.f7095",
        SystematicReview,
        "A history of cancer is the one useful flag for malignancy; older age, long steroid use, severe trauma and bruising or grazing for fracture.",
        "Most other flags alone barely change the probability of serious disease.",
        true
    ),
    cit!(
        "CIT-HENSCHKE2013",
        "Henschke N, Maher CG, Ostelo RW, et al.",
        2013,
        "Red flags to screen for malignancy in patients with low-back pain",
        "Cochrane Database Syst Rev CD008686",
        "https://pmc.ncbi.nlm.nih.gov/articles/PMC10631455",
        SystematicReview,
        "Spinal cancer is rare in people seeing primary care for back pain; a past history of cancer was the only flag that clearly raised its likelihood.",
        "It cannot tell an individual whether they have cancer; it supports referral, not reassurance.",
        true
    ),
    cit!(
        "CIT-NICE-NG59",
        "National Institute for Health and Care Excellence",
        2016,
        "Low back pain and sciatica in over 16s: assessment and management (NG59)",
        "NICE guideline NG59",
        "https://www.nice.org.uk/guidance/ng59",
        Guideline,
        "Assessing and managing back pain and sciatica in over-16s: stratify risk (for example STarT Back), offer exercise and self-management first, NSAIDs if needed, no routine imaging, manual therapy only alongside exercise, and no traction, TENS or acupuncture.",
        "It sets no rule that symptoms below the knee must clear before loading, and gives no thresholds for returning to lifting.",
        true
    ),
    cit!(
        "CIT-QASEEM2017",
        "Qaseem A, Wilt TJ, McLean RM, Forciea MA",
        2017,
        "Noninvasive treatments for acute, subacute, and chronic low back pain: a clinical practice guideline from the American College of Physicians",
        "Ann Intern Med 166(7):514-530",
        "https://www.acpjournals.org/doi/10.7326/M16-2367",
        Guideline,
        "For recent back pain: heat (moderate evidence); massage, acupuncture, manipulation (low); NSAIDs if drugs are wanted.",
        "Effects are small to moderate; it says nothing about when to lift again.",
        true
    ),
    cit!(
        "CIT-DAHM2010",
        "Dahm KT, Brurberg KG, Jamtvedt G, Hagen KB",
        2010,
        "Advice to rest in bed versus advice to stay active for acute low-back pain and sciatica",
        "Cochrane Database Syst Rev CD007612",
        "https://cochranelibrary.com/cdsr/doi/10.1002/14651858.CD007612.pub2",
        SystematicReview,
        "Staying active beats bed rest a little for pain and function in acute back pain.",
        "The benefit is small and comes from few trials; it does not say when to load the spine again.",
        true
    ),
    cit!(
        "CIT-FRENCH2006",
        "French SD, Cameron M, Walker BF, et al.",
        2006,
        "Superficial heat or cold for low back pain",
        "Cochrane Database Syst Rev CD004750",
        "https://cochranelibrary.com/cdsr/doi/10.1002/14651858.CD004750.pub2/full",
        SystematicReview,
        "Heat wraps eased acute and subacute back pain at five days (moderate evidence).",
        "There is not enough evidence to say whether cold (ice) helps.",
        true
    ),
    cit!(
        "CIT-VANDERGAAG2020",
        "van der Gaag WH, Roelofs PD, Enthoven WT, et al.",
        2020,
        "Non-steroidal anti-inflammatory drugs for acute low back pain",
        "Cochrane Database Syst Rev CD013581",
        "https://cochranelibrary.com/cdsr/doi/10.1002/14651858.CD013581/information",
        SystematicReview,
        "NSAIDs ease acute back pain slightly more than placebo (32 trials).",
        "The gain is small and side effects matter; it is not a reason to self-medicate without advice.",
        true
    ),
    cit!(
        "CIT-BERGLUND2015",
        "Berglund L, Aasa B, Hellqvist J, Michaelson P, Aasa U",
        2015,
        "Which patients with low back pain benefit from deadlift training?",
        "J Strength Cond Res 29(7):1803-1811",
        "https://doi.org/10.1519/JSC.0000000000000837",
        Prognostic,
        "In 35 people, a longer Biering-Sorensen hold and lower pain predicted better results from deadlift training.",
        "It gives no cut-off in seconds or pain points, had no control arm, and was too small to clear other factors.",
        true
    ),
    cit!(
        "CIT-AASA2015",
        "Aasa B, Berglund L, Michaelson P, Aasa U",
        2015,
        "Individualized low-load motor control exercises and education versus a high-load lifting exercise and education to improve activity, pain intensity, and physical performance in patients with low back pain: a randomized controlled trial",
        "J Orthop Sports Phys Ther 45(2):77-85",
        "https://doi.org/10.2519/jospt.2015.5021",
        Rct,
        "Supervised deadlifting (12 sessions in 8 weeks) eased pain in recurrent back pain, as did motor-control work.",
        "Deadlifting was not better than motor-control exercise; motor control did better on activity at 8 weeks.",
        true
    ),
    cit!(
        "CIT-MICHAELSON2016",
        "Michaelson P, Holmberg D, Aasa B, Aasa U",
        2016,
        "High load lifting exercise and low load motor control exercises as interventions for patients with mechanical low back pain: a randomized controlled trial with 24-month follow-up",
        "J Rehabil Med 48(5):456-463",
        "https://doi.org/10.2340/16501977-2091",
        Rct,
        "Two years on, both the deadlift and the motor-control groups had similar gains in pain and disability.",
        "It does not show that deadlifting is the better option; it shows it is a reasonable one.",
        true
    ),
    cit!(
        "CIT-BERGLUND2017",
        "Berglund L, Aasa B, Michaelson P, Aasa U",
        2017,
        "Effects of low-load motor control exercises and a high-load lifting exercise on lumbar multifidus thickness: a randomized controlled trial",
        "Spine 42(15):E876-E882",
        "https://doi.org/10.1097/BRS.0000000000001989",
        Rct,
        "Both programmes made the thinner multifidus side catch up with the thicker side, equally.",
        "It does not show that deadlifts build the multifidus on both sides or beat low-load exercise.",
        true
    ),
    cit!(
        "CIT-HIDES2001",
        "Hides JA, Jull GA, Richardson CA",
        2001,
        "Long-term effects of specific stabilizing exercises for first-episode low back pain",
        "Spine 26(11):E243-E248",
        "https://journals.lww.com/spinejournal/Abstract/2001/06010/Long_Term_Effects_of_Specific_Stabilizing.4.aspx",
        Rct,
        "After a first episode, specific multifidus retraining cut one-year recurrence (30% vs 84%).",
        "The exercise was low-load motor control, not deadlifting.",
        true
    ),
    cit!(
        "CIT-COLADO2011",
        "Colado JC, Pablos C, Chulvi-Medrano I, Garcia-Masso X, Flandez J, Behm DG",
        2011,
        "The progression of paraspinal muscle recruitment intensity in localized and global strength training exercises is not based on instability alone",
        "Arch Phys Med Rehabil 92(11):1875-1883",
        "https://doi.org/10.1016/j.apmr.2011.05.015",
        Lab,
        "In 25 people without back pain, a deadlift at 70% of maximal isometric effort gave the highest paraspinal EMG of the exercises compared.",
        "Muscle activity is not muscle growth or pain relief, the 70% was a test load rather than a dose, and no one with back pain was tested.",
        true
    ),
    cit!(
        "CIT-SAMBROOK1999",
        "Sambrook PN, MacGregor AJ, Spector TD",
        1999,
        "Genetic influences on cervical and lumbar disc degeneration: a magnetic resonance imaging study in twins",
        "Arthritis Rheum 42(2):366-372",
        "https://pubmed.ncbi.nlm.nih.gov/10025932/",
        Prognostic,
        "In middle-aged UK twins, about 74% of the variation in a lumbar MRI disc score was heritable.",
        "It is a population figure, not any one person's share, and disc scans relate only loosely to pain.",
        true
    ),
    cit!(
        "CIT-BATTIE2009",
        "Battie MC, Videman T, Kaprio J, et al.",
        2009,
        "The Twin Spine Study: contributions to a changing view of disc degeneration",
        "Spine J 9(1):47-59",
        "https://wikimsk.org/wiki/EBQ:Twin_Spine_Study",
        Prognostic,
        "Family resemblance explained much of disc degeneration; smoking had a small effect, body weight a modest one, loading little.",
        "Much of the lower-lumbar variation (about 57%) stayed unexplained.",
        true
    ),
    cit!(
        "CIT-LIVSHITS2011",
        "Livshits G, Popham M, Malkin I, et al.",
        2011,
        "Lumbar disc degeneration and genetic factors are the main risk factors for low back pain in women: the UK Twin Spine Study",
        "Ann Rheum Dis 70(10):1740-1745",
        "http://ard.bmj.com/content/70/10/1740",
        Prognostic,
        "In 2256 women, back pain ran in families, and disc degeneration and overweight went with back pain.",
        "Associations in women only; they do not prove that losing weight protects the disc.",
        true
    ),
    cit!(
        "CIT-BELAVY2016",
        "Belavy DL, Albracht K, Bruggemann GP, Vergroesen PP, van Dieen JH",
        2016,
        "Can exercise positively influence the intervertebral disc?",
        "Sports Med 46(4):473-485",
        "https://www.ncbi.nlm.nih.gov/pubmed/26666742",
        Lab,
        "Mostly animal and tissue data: dynamic axial loading seems good for discs; disuse, static load, twisting and flexion under compression seem bad.",
        "It is a narrative review of mostly non-human data, not a trial of lifting in people.",
        true
    ),
    cit!(
        "CIT-STEELE2015",
        "Steele J, Bruce-Low S, Smith D, Osborne N, Thorkeldsen A",
        2015,
        "Can specific loading through exercise impart healing or regeneration of the intervertebral disc?",
        "Spine J 15(10):2117-2121",
        "http://www.ncbi.nlm.nih.gov/pubmed/26409630",
        Lab,
        "A review asking whether particular spinal loading could heal or regrow discs, drawing mainly on animal and tissue studies.",
        "No study in people has shown that any exercise dose, heavy or light, regenerates a disc.",
        true
    ),
    cit!(
        "CIT-CALLAGHAN2001",
        "Callaghan JP, McGill SM",
        2001,
        "Intervertebral disc herniation: studies on a porcine model exposed to highly repetitive flexion/extension motion with compressive force",
        "Clin Biomech 16(1):28-37",
        "https://spinefityoga.com/how-to-herniate-a-disc-and-how-not-to/",
        Lab,
        "Pig neck discs bent tens of thousands of times under compression herniated, more so under higher load.",
        "Up to 86,400 non-stop cycles on young animal discs is far from gym training; it does not show gym flexion causes injury.",
        false
    ),
    cit!(
        "CIT-SARACENI2020",
        "Saraceni N, Kent P, Ng L, et al.",
        2020,
        "To flex or not to flex? Is there a relationship between lumbar spine flexion during lifting and low back pain? A systematic review with meta-analysis",
        "J Orthop Sports Phys Ther 50(3):121-130",
        "https://pubmed.ncbi.nlm.nih.gov/31775556/",
        SystematicReview,
        "No evidence that bending the lower back while lifting predicts the onset or persistence of back pain.",
        "It does not show that rounding under heavy load is harmless; the evidence is scarce and of low quality.",
        true
    ),
    cit!(
        "CIT-BIERINGSORENSEN1984",
        "Biering-Sorensen F",
        1984,
        "Physical measurements as risk indicators for low-back trouble over a one-year period",
        "Spine 9(2):106-119",
        "https://www.painscience.com/bibliography.php?sor",
        Prognostic,
        "In 928 Danish adults, men with a longer back-extension hold were less likely to have a first-ever episode of back trouble within a year (bands: under 176 s higher risk, over 198 s lower).",
        "The bands predict a first episode in men only, with none for women, so they do not apply to anyone who already has a history of back pain, nor to readiness to deadlift.",
        true
    ),
    cit!(
        "CIT-LATIMER1999",
        "Latimer J, Maher CG, Refshauge K, Colaco I",
        1999,
        "The reliability and validity of the Biering-Sorensen test in asymptomatic subjects and subjects reporting current or previous nonspecific low back pain",
        "Spine 24(20):2085-2089",
        "https://researchers.mq.edu.au/en/publications/the-reliability-and-validity-of-the-biering-sorensen-test-in-asym",
        Prognostic,
        "The hold test is reliable (ICC 0.77-0.88) with a standard error of measurement of about 12-18 s.",
        "The smallest detectable change is about 32-48 s (1.96 x 1.41 x the error), so smaller differences between two tests may be noise.",
        true
    ),
    cit!(
        "CIT-MCGILL1999",
        "McGill SM, Childs A, Liebenson C",
        1999,
        "Endurance times for low back stabilization exercises: clinical targets for testing and training from a normal database",
        "Arch Phys Med Rehabil 80(8):941-944",
        "https://pubmed.ncbi.nlm.nih.gov/10453772/",
        Prognostic,
        "Normal endurance times and their ratios in 75 young healthy adults; very reliable tests.",
        "The ratio targets come from healthy young people, not from outcomes in people with back pain.",
        true
    ),
    cit!(
        "CIT-DEWITT2009",
        "de Witt B, Venter R",
        2009,
        "The 'Bunkie' test: assessing functional strength to restore function through fascia manipulation",
        "J Bodyw Mov Ther 13(1):81-88",
        "https://www.jeffcubos.com/research-reviews/bunkie-test",
        ExpertOpinion,
        "Describes five positions held on each side and what a positive test looks like.",
        "Validity rests mainly on clinical opinion; the pass mark is a convention.",
        false
    ),
    cit!(
        "CIT-BRUMITT2015",
        "Brumitt J",
        2015,
        "The Bunkie test: descriptive data for a novel test of core muscular endurance",
        "Rehabil Res Pract 2015:780127",
        "http://www.hindawi.com/journals/rerp/aip/780127/",
        Prognostic,
        "In 112 healthy adults recruited at a university, most positions were held for about 40 s on average, with no side-to-side differences.",
        "Norms only; no link to injury or back pain outcomes.",
        true
    ),
    cit!(
        "CIT-SILBERNAGEL2007",
        "Silbernagel KG, Thomee R, Eriksson BI, Karlsson J",
        2007,
        "Continued sports activity, using a pain-monitoring model, during rehabilitation in patients with Achilles tendinopathy: a randomized controlled study",
        "Am J Sports Med 35(6):897-906",
        "https://doi.org/10.1177/0363546506298279",
        Rct,
        "Training on with pain kept within set limits, settling by next morning, worked as well as rest for Achilles tendinopathy.",
        "It was tested in Achilles tendons, not backs; resilift applies it to backs by analogy.",
        true
    ),
    cit!(
        "CIT-NIGRO2020",
        "Nigro F, Bartolomei S",
        2020,
        "A comparison between the squat and the deadlift for lower body strength and power training",
        "J Hum Kinet 73:145-152",
        "https://pubmed.ncbi.nlm.nih.gov/32774546/",
        Rct,
        "3 of 14 trained men deadlifting three times a week for six weeks developed back pain.",
        "Small healthy sample; it warns about frequency and volume rather than measuring a safe dose.",
        true
    ),
    cit!(
        "CIT-TJOSVOLL2020",
        "Tjosvoll SO, Mork PJ, Iversen VM, Rise MB, Fimland MS",
        2020,
        "Periodized resistance training for persistent non-specific low back pain: a mixed methods feasibility study",
        "BMC Sports Sci Med Rehabil 12:30",
        "https://bmcsportsscimedrehabil.biomedcentral.com/articles/10.1186/s13102-020-00181-0",
        Prognostic,
        "25 adults with persistent back pain lifted twice a week for 16 weeks; pain fell by about 3 points.",
        "No control group, so natural recovery cannot be separated from the training.",
        true
    ),
    cit!(
        "CIT-TAGLIAFERRI2020",
        "Tagliaferri SD, Miller CT, Ford JJ, et al.",
        2020,
        "Randomized trial of general strength and conditioning versus motor control and manual therapy for chronic low back pain on physical and self-report outcomes",
        "J Clin Med 9(6):1726",
        "https://pmc.ncbi.nlm.nih.gov/articles/PMC7355598",
        Rct,
        "Strength and conditioning improved back-extension endurance, disability and fear of movement more than motor control plus manual therapy.",
        "Pain changes were below the minimal important difference in both groups.",
        true
    ),
    cit!(
        "CIT-AASA2017",
        "Aasa U, Svartholm I, Andersson F, Berglund L",
        2017,
        "Injuries among weightlifters and powerlifters: a systematic review",
        "Br J Sports Med 51(4):211-220",
        "https://bjsm.bmj.com/content/51/4/211",
        SystematicReview,
        "Powerlifting injuries run at 1.0-4.4 per 1000 hours; the spine is among the commonest sites.",
        "It does not name which tissue is hurt or show that a given technique causes it.",
        true
    ),
    cit!(
        "CIT-OSTELO2008",
        "Ostelo RW, Deyo RA, Stratford P, et al.",
        2008,
        "Interpreting change scores for pain and functional status in low back pain: towards international consensus regarding minimal important change",
        "Spine 33(1):90-94",
        "https://metajournal.com/articles/201999/interpreting-change-scores-pain-functional-status-low-back-pain-towards",
        Guideline,
        "Consensus minimal important changes: 2 points or 30% on pain, 10 points on the ODI, 5 points on the RMDQ.",
        "Thresholds for groups of patients; a single person's meaningful change may differ.",
        false
    ),
    cit!(
        "CIT-KAMPER2010",
        "Kamper SJ, Maher CG, Herbert RD, Hancock MJ, Hush JM, Smeets RJ",
        2010,
        "How little pain and disability do patients with low back pain have to experience to feel that they have recovered?",
        "Eur Spine J 19(9):1495-1501",
        "https://pmc.ncbi.nlm.nih.gov/articles/PMC2989296",
        Prognostic,
        "Across four pooled clinical studies, pain of 0 and an RMDQ of 2 or less best matched people who rated themselves fully recovered.",
        "The cut-offs describe how people judge their own recovery; they do not predict whether pain will come back.",
        true
    ),
    cit!(
        "CIT-BOONSTRA2016",
        "Boonstra AM, Stewart RE, Koke AJA, et al.",
        2016,
        "Cut-off points for mild, moderate, and severe pain on the numeric rating scale for pain in patients with chronic musculoskeletal pain: variability and influence of sex and catastrophizing",
        "Front Psychol 7:1466",
        "https://frontiersin.org/journals/psychology/articles/10.3389/fpsyg.2016.01466/full",
        Prognostic,
        "On 0-10, pain up to 5 interferes mildly, 6-7 moderately, 8 or more severely.",
        "Other band conventions exist; bands are a reading aid, not a diagnosis.",
        true
    ),
    cit!(
        "CIT-FAIRBANK2000",
        "Fairbank JC, Pynsent PB",
        2000,
        "The Oswestry Disability Index",
        "Spine 25(22):2940-2952",
        "https://www.idcafe.net/how-is-the-oswestry-disability-scale-scored/",
        Prognostic,
        "Ten sections scored 0-5, reported as a percentage of the sections answered.",
        "Handling of missing sections and band edges varies; resilift states its own choices.",
        false
    ),
    cit!(
        "CIT-STRATFORD1996",
        "Stratford PW, Binkley J, Solomon P, et al.",
        1996,
        "Defining the minimum level of detectable change for the Roland-Morris questionnaire",
        "Phys Ther 76(4):359-365",
        "http://ptjournal.apta.org/content/76/4/359.long",
        Prognostic,
        "Change on the RMDQ needs 4-5 points to exceed measurement error.",
        "Change is hard to detect when the starting score is below 4 or above 20.",
        true
    ),
    cit!(
        "CIT-HILL2008",
        "Hill JC, Dunn KM, Lewis M, et al.",
        2008,
        "A primary care back pain screening tool: identifying patient subgroups for initial treatment",
        "Arthritis Rheum 59(5):632-641",
        "https://www.keele.ac.uk/sbst/startbacktool/usingandscoring/",
        Prognostic,
        "Nine questions sort primary-care back pain into low, medium and high risk of persistent disability.",
        "Validated for primary-care triage, not for programming gym training.",
        true
    ),
    cit!(
        "CIT-WOBY2005",
        "Woby SR, Roach NK, Urmston M, Watson PJ",
        2005,
        "Psychometric properties of the TSK-11: a shortened version of the Tampa Scale for Kinesiophobia",
        "Pain 117(1-2):137-144",
        "https://ablesci.com/scholar/paper?id=3maQbzaq3",
        Prognostic,
        "Eleven items scored 1-4 (total 11-44); a fall of 4 points is an important change.",
        "There is no validated cut-off for 'high' fear on the 11-item version.",
        true
    ),
    cit!(
        "CIT-HAFF2016",
        "Haff GG, Triplett NT (eds.), National Strength and Conditioning Association",
        2016,
        "Essentials of Strength Training and Conditioning, 4th ed., chapter 17",
        "Human Kinetics",
        "https://www.nsca.com/education/books/essentials-of-strength-training-and-conditioning/",
        ExpertOpinion,
        "Textbook tables linking repetitions to %1RM and typical load increases.",
        "The tables assume everyone is alike; trained lifters often beat them, especially in lower-body lifts.",
        false
    ),
    cit!(
        "CIT-ZOURDOS2016",
        "Zourdos MC, Klemp A, Dolan C, et al.",
        2016,
        "Novel resistance training-specific rating of perceived exertion scale measuring repetitions in reserve",
        "J Strength Cond Res 30(1):267-275",
        "https://doi.org/10.1519/JSC.0000000000001049",
        Prognostic,
        "In 29 squatters, RPE read as reps in reserve (10 = none left, 8 = two left) rose as bar speed fell.",
        "It tested single squats and one set of eight; it does not show how well lifters judge reps left far from failure or in other lifts.",
        true
    ),
    cit!(
        "CIT-RTS2015",
        "Tuchscherer M, Reactive Training Systems",
        2015,
        "Beginning RTS",
        "Reactive Training Systems articles",
        "http://articles.reactivetrainingsystems.com/2015/11/29/beginning-rts/",
        ExpertOpinion,
        "A coach's chart of %1RM for each rep count and RPE, offered for comparison.",
        "Versions of the chart differ and its authors advise personalising it.",
        true
    ),
    cit!(
        "CIT-ACSM2009",
        "American College of Sports Medicine",
        2009,
        "Progression models in resistance training for healthy adults",
        "Med Sci Sports Exerc 41(3):687-708",
        "https://www.medscape.com/viewarticle/717047",
        Guideline,
        "Raise load 2-10% once the target reps are exceeded; novices train 2-3 days a week.",
        "Written for healthy adults, not for people returning from back pain.",
        true
    ),
    cit!(
        "CIT-DASILVA2017",
        "da Silva T, Mills K, Brown BT, Herbert RD, Maher CG, Hancock MJ",
        2017,
        "Risk of recurrence of low back pain: a systematic review",
        "J Orthop Sports Phys Ther 47(5):305-313",
        "https://doi.org/10.2519/jospt.2017.7415",
        SystematicReview,
        "After recovery, a new episode is common (about a third within a year in the one inception cohort), and earlier episodes were the only consistent predictor.",
        "The studies were few and of low quality; they cannot tell any one person whether or when pain will return.",
        true
    ),
    cit!(
        "CIT-STEFFENS2016",
        "Steffens D, Maher CG, Pereira LSM, et al.",
        2016,
        "Prevention of low back pain: a systematic review and meta-analysis",
        "JAMA Intern Med 176(2):199-208",
        "https://doi.org/10.1001/jamainternmed.2015.7431",
        SystematicReview,
        "Exercise, alone or with education, lowered the chance of a new episode of back pain; education alone, back belts and shoe insoles did not.",
        "It did not test deadlifting or heavy lifting, and the evidence was of moderate quality at best.",
        true
    ),
    cit!(
        "CIT-PARQ2011",
        "Warburton DER, Jamnik VK, Bredin SSD, Gledhill N",
        2011,
        "The Physical Activity Readiness Questionnaire for Everyone (PAR-Q+) and Electronic Physical Activity Readiness Medical Examination (ePARmed-X+)",
        "Health & Fitness Journal of Canada 4(2):3-17",
        "https://doi.org/10.14288/hfjc.v4i2.103",
        Guideline,
        "Consensus pre-exercise screening: questions on heart disease, chest pain, dizziness, blood pressure, pregnancy and other conditions that call for advice or clearance before harder exercise.",
        "It screens general readiness for activity; it says nothing about back pain or how heavy to lift.",
        true
    ),
    cit!(
        "CIT-MCGILL2015",
        "McGill SM",
        2016,
        "Low Back Disorders: Evidence-Based Prevention and Rehabilitation, 3rd ed.",
        "Human Kinetics",
        "",
        ExpertOpinion,
        "The author's clinical method for the curl-up, side bridge and bird dog (the 'big three'), held in descending sets, built on his EMG and spine-load laboratory work.",
        "The descending hold-and-rest numbers were not tested in a clinical trial.",
        false
    ),
    cit!(
        "CIT-BRINJIKJI2015",
        "Brinjikji W, Luetmer PH, Comstock B, et al.",
        2015,
        "Systematic literature review of imaging features of spinal degeneration in asymptomatic populations",
        "AJNR Am J Neuroradiol 36(4):811-816",
        "https://doi.org/10.3174/ajnr.A4173",
        SystematicReview,
        "Disc degeneration and bulges are common on scans of people with no back pain, and more common with age (bulges in about 30% at 20, 84% at 80).",
        "It does not say which scan findings, if any, explain a given person's pain.",
        true
    ),
    cit!(
        "CIT-MACDOUGALL1985",
        "MacDougall JD, Tuxen D, Sale DG, Moroz JR, Sutton JR",
        1985,
        "Arterial blood pressure response to heavy resistance exercise",
        "J Appl Physiol 58(3):785-790",
        "https://doi.org/10.1152/jappl.1985.58.3.785",
        Lab,
        "In five experienced bodybuilders, blood pressure measured in the artery soared during heavy lifts, partly from breath-holding (mean peak 320/250 mmHg on the double-leg press).",
        "Five healthy young men; it does not measure the risk for people with heart or blood-pressure conditions.",
        true
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn citation_ids_are_unique_and_well_formed() {
        for (index, citation) in CATALOGUE.iter().enumerate() {
            assert!(citation.id.starts_with("CIT-"), "{}", citation.id);
            assert!(
                CATALOGUE[index + 1..]
                    .iter()
                    .all(|other| other.id != citation.id),
                "duplicate {}",
                citation.id
            );
            assert!(
                citation.link.starts_with("https://")
                    || citation.link.starts_with("http://")
                    || (citation.link.is_empty() && !citation.verified),
                "{} has no usable link",
                citation.id
            );
            assert!(
                citation.year >= 1900 || (citation.year == 0 && !citation.verified),
                "{} has an implausible year",
                citation.id
            );
        }
    }

    #[test]
    fn source_article_is_described_honestly() {
        let article = citation("CIT-ARTICLE").expect("the source article is catalogued");
        assert_eq!(article.year, 0);
        assert!(article.link.is_empty());
        assert!(!article.verified);
        assert_eq!(article.level, Level::ExpertOpinion);
    }

    #[test]
    fn biering_sorensen_error_matches_the_smallest_detectable_change() {
        let latimer = citation("CIT-LATIMER1999").expect("Latimer is catalogued");
        assert!(latimer.does_not_show.contains("32-48 s"));
        assert!(!latimer.does_not_show.contains("25-35"));
    }

    #[test]
    fn lookup_finds_known_ids_only() {
        assert_eq!(
            citation("CIT-BERGLUND2015").map(|c| c.level),
            Some(Level::Prognostic)
        );
        assert!(citation("CIT-NOPE").is_none());
    }
}
