//! Urgency levels and warning boxes, written once as reviewed library data
//! (`handouts/library/warnings.toml`), so every section, the booklet's back cover and the fixed
//! pages give the same rule for the same sign: call the emergency number, call now day or night,
//! or call today.

use serde::Deserialize;

use super::LibraryError;

const FILE: &str = "warnings.toml";

/// How fast the reader must act on a sign.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Urgency {
    /// Cannot wait for a call back: the emergency number (911).
    Emergency,
    /// Call now, day or night: the after-hours number.
    Now,
    /// Call back the same day: the day number.
    Today,
}

/// What a level is called and the line that introduces its signs (with placeholders).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Level {
    pub name: String,
    pub lead: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Levels {
    pub emergency: Level,
    pub now: Level,
    pub today: Level,
}

/// One warning box: a condition's signs, sorted by urgency.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Warning {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub sources: Vec<String>,
    #[serde(default)]
    pub emergency: Vec<String>,
    #[serde(default)]
    pub now: Vec<String>,
    #[serde(default)]
    pub today: Vec<String>,
}

impl Warning {
    /// The levels that have signs, most urgent first.
    pub fn parts(&self) -> impl Iterator<Item = (Urgency, &[String])> {
        [
            (Urgency::Emergency, self.emergency.as_slice()),
            (Urgency::Now, self.now.as_slice()),
            (Urgency::Today, self.today.as_slice()),
        ]
        .into_iter()
        .filter(|(_, signs)| !signs.is_empty())
    }
}

/// The whole file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Warnings {
    pub reviewed: String,
    pub sources: Vec<String>,
    #[serde(default)]
    pub back_cover: Vec<String>,
    pub levels: Levels,
    #[serde(rename = "warning", default)]
    pub warnings: Vec<Warning>,
}

impl Warnings {
    pub fn parse(text: &str) -> Result<Warnings, LibraryError> {
        let err = |message: String| LibraryError {
            file: FILE.into(),
            message,
        };
        let w: Warnings = toml::from_str(text).map_err(|e| err(e.to_string()))?;
        if w.sources.is_empty() {
            return Err(err("`sources` is empty".into()));
        }
        let mut seen_signs: Vec<(String, &str)> = Vec::new();
        for (i, warning) in w.warnings.iter().enumerate() {
            if w.warnings[..i].iter().any(|o| o.id == warning.id) {
                return Err(err(format!("warning `{}` is defined twice", warning.id)));
            }
            if warning.parts().next().is_none() {
                return Err(err(format!("warning `{}` has no signs", warning.id)));
            }
            for (_, signs) in warning.parts() {
                for sign in signs {
                    let key = sign.trim().to_lowercase();
                    if let Some((_, other)) = seen_signs.iter().find(|(k, _)| *k == key) {
                        return Err(err(format!(
                            "the sign \"{sign}\" is listed twice (in `{other}` and `{}`): one rule per sign",
                            warning.id
                        )));
                    }
                    seen_signs.push((key, &warning.id));
                }
            }
        }
        if let Some(bad) = w.back_cover.iter().find(|id| w.get(id).is_none()) {
            return Err(err(format!(
                "`back_cover` names `{bad}`, which is not a warning"
            )));
        }
        Ok(w)
    }

    pub fn get(&self, id: &str) -> Option<&Warning> {
        self.warnings.iter().find(|w| w.id == id)
    }

    pub fn level(&self, urgency: Urgency) -> &Level {
        match urgency {
            Urgency::Emergency => &self.levels.emergency,
            Urgency::Now => &self.levels.now,
            Urgency::Today => &self.levels.today,
        }
    }

    /// Every piece of text, for the reading-grade check.
    pub fn text_blocks(&self) -> Vec<String> {
        let mut out = Vec::new();
        for l in [&self.levels.emergency, &self.levels.now, &self.levels.today] {
            out.push(l.name.clone());
            out.push(l.lead.clone());
        }
        for w in &self.warnings {
            out.push(w.title.clone());
            for (_, signs) in w.parts() {
                out.extend(signs.iter().cloned());
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LEVELS: &str = "reviewed = \"2026-11-28\"\nsources = [\"s\"]\n[levels.emergency]\nname = \"a\"\nlead = \"b\"\n[levels.now]\nname = \"c\"\nlead = \"d\"\n[levels.today]\nname = \"e\"\nlead = \"f\"\n";

    #[test]
    fn a_sign_under_two_levels_is_refused() {
        let twice = format!("{LEVELS}[[warning]]\nid = \"x\"\ntitle = \"X\"\nemergency = [\"cannot walk\"]\n[[warning]]\nid = \"y\"\ntitle = \"Y\"\ntoday = [\"Cannot walk\"]\n");
        let e = Warnings::parse(&twice).unwrap_err();
        assert!(e.message.contains("one rule per sign"), "{e}");
        let ok = format!("{LEVELS}[[warning]]\nid = \"x\"\ntitle = \"X\"\nnow = [\"fever\"]\n");
        let w = Warnings::parse(&ok).unwrap();
        assert_eq!(w.get("x").unwrap().parts().count(), 1);
    }

    #[test]
    fn back_cover_names_real_warnings() {
        let bad = format!("back_cover = [\"nope\"]\n{LEVELS}");
        assert!(Warnings::parse(&bad).is_err());
    }
}
