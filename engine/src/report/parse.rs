//! T-SQL text → sqlparser statements (MsSqlDialect), with the token-level
//! fixes SQL Server's grammar needs: statements without `;` between them,
//! `GO` separators, ANSI nested joins without parentheses, and identifiers
//! folded to lower case (the site database's collation makes names
//! case-insensitive; the original spellings are kept for output).

use datafusion::sql::sqlparser::ast::{Expr, Statement};
use datafusion::sql::sqlparser::dialect::MsSqlDialect;
use datafusion::sql::sqlparser::keywords::Keyword;
use datafusion::sql::sqlparser::parser::{Parser, ParserError};
use datafusion::sql::sqlparser::tokenizer::{Location, Span as SqlSpan, Token, TokenWithSpan, Tokenizer, Word};
use std::collections::HashMap;
use wqlkit_core::{Code, Diagnostic, Span};

/// Reports longer than this are refused rather than parsed.
pub const MAX_REPORT_BYTES: usize = 1 << 20;

/// The parsed batch.
pub struct Parsed {
    /// The script's steps, identifiers in lower case.
    pub steps: Vec<Step>,
    /// Original spellings of the identifiers, by lower-case name.
    pub spellings: HashMap<String, String>,
}

/// Converts sqlparser's line/column locations into byte spans of the source.
pub struct Source<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
}

impl<'a> Source<'a> {
    /// Indexes `text` by line.
    pub fn new(text: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Source { text, line_starts }
    }

    /// The byte offset of a 1-based line and character column.
    pub fn offset(&self, loc: Location) -> usize {
        if loc.line == 0 {
            return 0;
        }
        let Some(&start) = self.line_starts.get(loc.line as usize - 1) else {
            return self.text.len();
        };
        let line = &self.text[start..];
        let col = loc.column.saturating_sub(1) as usize;
        start + line.char_indices().nth(col).map_or(line.len(), |(i, _)| i)
    }

    /// The text under a span, as written.
    pub fn text(&self, span: Span) -> &'a str {
        self.text.get(span.range()).unwrap_or_default()
    }

    /// The byte span of a sqlparser span.
    pub fn span(&self, s: SqlSpan) -> Span {
        let start = self.offset(s.start);
        Span::new(start, self.offset(s.end).max(start))
    }
}

/// Parses a batch of T-SQL statements.
pub fn parse(text: &str) -> Result<Parsed, Diagnostic> {
    if text.len() > MAX_REPORT_BYTES {
        return Err(Diagnostic::error(
            Code::InputTooLarge,
            Span::new(0, 0),
            format!("the report is larger than {MAX_REPORT_BYTES} bytes"),
        ));
    }
    let source = Source::new(text);
    let dialect = MsSqlDialect {};
    let tokens = Tokenizer::new(&dialect, text)
        .tokenize_with_location()
        .map_err(|e| syntax_error(&source, &e.message, e.location, &[]))?;
    let (tokens, spellings) = fold_identifiers(tokens);
    let tokens = drop_query_hints(tokens);
    let tokens = super::culture::parse_as_calls(tokens);
    let tokens = parenthesize_nested_joins(tokens);
    let tokens = delete_needs_no_from(tokens);
    let tokens = end_statements_before_reserved_words(tokens);
    let mut script = Script {
        parser: Parser::new(&dialect).with_tokens_with_locations(tokens.clone()),
        source: &source,
        tokens: &tokens,
        loops: 0,
    };
    let steps = script.block(None)?;
    Ok(Parsed { steps, spellings })
}

/// One step of a script: a statement, or control flow around statements.
#[derive(Debug, Clone)]
pub enum Step {
    /// A statement sqlparser knows, and where it starts.
    Statement(Box<Statement>, SqlSpan),
    /// `IF condition … [ELSE …]`.
    If {
        /// The condition (true runs `then`; false or unknown runs `otherwise`).
        condition: Expr,
        /// The steps when it holds.
        then: Vec<Step>,
        /// The `ELSE` steps.
        otherwise: Vec<Step>,
    },
    /// `WHILE condition …`.
    While {
        /// The condition, evaluated before each round.
        condition: Expr,
        /// The loop's body.
        body: Vec<Step>,
    },
    /// `BEGIN … END`.
    Block(Vec<Step>),
    /// `BREAK`: leaves the innermost loop.
    Break(SqlSpan),
    /// `CONTINUE`: starts the innermost loop's next round.
    Continue(SqlSpan),
    /// `GO`: the end of a batch (its variables and table variables end with it).
    Go,
}

/// The script parser: control flow here, each statement by sqlparser.
struct Script<'a> {
    parser: Parser<'a>,
    source: &'a Source<'a>,
    tokens: &'a [TokenWithSpan],
    /// How many WHILE loops enclose the step being parsed.
    loops: usize,
}

impl Script<'_> {
    /// Steps up to the end of the text, or to the `END` of the `BEGIN` at `begin`.
    fn block(&mut self, begin: Option<SqlSpan>) -> Result<Vec<Step>, Diagnostic> {
        let mut steps = Vec::new();
        loop {
            while self.parser.consume_token(&Token::SemiColon) {}
            let next = self.parser.peek_token();
            match (&next.token, begin) {
                (Token::EOF, Some(at)) => {
                    return Err(Diagnostic::error(
                        Code::SqlSyntax,
                        self.source.span(at),
                        "syntax error: this BEGIN has no END",
                    )
                    .with_help("close the block with END"));
                }
                (Token::EOF, None) => return Ok(steps),
                (Token::Word(w), Some(_)) if plain(w, "end") => {
                    self.parser.next_token();
                    return Ok(steps);
                }
                (Token::Word(w), _) if plain(w, "go") => {
                    if begin.is_some() {
                        return Err(Diagnostic::error(
                            Code::SqlSyntax,
                            self.source.span(next.span),
                            "syntax error: GO ends the batch inside a BEGIN … END block",
                        ));
                    }
                    self.parser.next_token();
                    steps.push(Step::Go);
                    continue;
                }
                _ => {}
            }
            steps.push(self.step()?);
        }
    }

    /// One statement, control-flow statement or block.
    fn step(&mut self) -> Result<Step, Diagnostic> {
        let next = self.parser.peek_token();
        let word = match &next.token {
            Token::Word(w) if w.quote_style.is_none() => w.value.as_str(),
            _ => "",
        };
        match word {
            "if" => {
                self.parser.next_token();
                let condition = self.expr()?;
                let then = self.body()?;
                while self.parser.consume_token(&Token::SemiColon) {}
                let otherwise = match self.parser.peek_token().token {
                    Token::Word(w) if plain(&w, "else") => {
                        self.parser.next_token();
                        self.body()?
                    }
                    _ => Vec::new(),
                };
                Ok(Step::If {
                    condition,
                    then,
                    otherwise,
                })
            }
            "while" => {
                self.parser.next_token();
                let condition = self.expr()?;
                self.loops += 1;
                let body = self.body();
                self.loops -= 1;
                Ok(Step::While { condition, body: body? })
            }
            "begin" if !self.is_transaction() => {
                self.parser.next_token();
                Ok(Step::Block(self.block(Some(next.span))?))
            }
            "break" | "continue" => {
                if self.loops == 0 {
                    return Err(Diagnostic::error(
                        Code::SqlSyntax,
                        self.source.span(next.span),
                        format!("{} is outside a WHILE loop", word.to_uppercase()),
                    ));
                }
                self.parser.next_token();
                Ok(if word == "break" {
                    Step::Break(next.span)
                } else {
                    Step::Continue(next.span)
                })
            }
            "else" | "end" => Err(Diagnostic::error(
                Code::SqlSyntax,
                self.source.span(next.span),
                format!(
                    "syntax error: {} without {}",
                    word.to_uppercase(),
                    if word == "else" { "IF" } else { "BEGIN" }
                ),
            )),
            _ => {
                let at = next.span;
                self.statement().map(|s| Step::Statement(Box::new(s), at))
            }
        }
    }

    /// The statement or `BEGIN … END` block an IF, ELSE or WHILE runs.
    fn body(&mut self) -> Result<Vec<Step>, Diagnostic> {
        while self.parser.consume_token(&Token::SemiColon) {}
        match self.step()? {
            Step::Block(steps) => Ok(steps),
            step => Ok(vec![step]),
        }
    }

    /// Whether the `BEGIN` ahead starts a transaction (or a TRY block), not a block.
    fn is_transaction(&self) -> bool {
        matches!(self.parser.peek_nth_token(1).token,
            Token::Word(w) if w.quote_style.is_none()
                && matches!(w.value.as_str(), "tran" | "transaction" | "distributed" | "try" | "catch"))
    }

    fn expr(&mut self) -> Result<Expr, Diagnostic> {
        self.parser
            .parse_expr()
            .map_err(|e| parser_error(self.source, &e, self.tokens))
    }

    /// A statement, which must end where the next one begins.
    fn statement(&mut self) -> Result<Statement, Diagnostic> {
        let stmt = self
            .parser
            .parse_statement()
            .map_err(|e| parser_error(self.source, &e, self.tokens))?;
        let next = self.parser.peek_token();
        let ends = match &next.token {
            Token::SemiColon | Token::EOF => true,
            Token::Word(w) => starts_statement(w),
            _ => false,
        };
        if !ends {
            return Err(Diagnostic::error(
                Code::SqlSyntax,
                self.source.span(next.span),
                format!(
                    "syntax error: expected the end of the statement, found {}",
                    show(&next.token)
                ),
            )
            .with_help("is an AND or OR missing before this, or a comma in a list?"));
        }
        Ok(stmt)
    }
}

/// Whether `w` is the unquoted word `lower`.
fn plain(w: &Word, lower: &str) -> bool {
    w.quote_style.is_none() && w.value == lower
}

/// T-SQL reserves the words of control flow, so `SELECT 1 BEGIN …` is a
/// SELECT and a block, never a column named `begin`; sqlparser would read an
/// alias. A `;` is put before each such word outside parentheses and CASE
/// (`IF` after `TABLE` is DROP TABLE IF EXISTS's, kept).
fn end_statements_before_reserved_words(tokens: Vec<TokenWithSpan>) -> Vec<TokenWithSpan> {
    const RESERVED: [&str; 11] = [
        "begin",
        "end",
        "else",
        "if",
        "while",
        "break",
        "continue",
        "print",
        "raiserror",
        "throw",
        "declare",
    ];
    let mut out = Vec::with_capacity(tokens.len());
    let (mut parens, mut cases) = (0usize, 0usize);
    let mut prev: Option<String> = None;
    for t in tokens {
        match &t.token {
            Token::LParen => parens += 1,
            Token::RParen => parens = parens.saturating_sub(1),
            Token::Word(w) if w.quote_style.is_none() => {
                let v = w.value.as_str();
                let in_expression = parens > 0 || (cases > 0 && matches!(v, "end" | "else"));
                let after_object = matches!(
                    prev.as_deref(),
                    Some(
                        "table"
                            | "view"
                            | "procedure"
                            | "proc"
                            | "function"
                            | "index"
                            | "schema"
                            | "trigger"
                            | "type"
                            | "sequence"
                            | "database"
                            | "not"
                    )
                );
                if v == "case" {
                    cases += 1;
                } else if v == "end" && cases > 0 {
                    cases -= 1;
                } else if RESERVED.contains(&v) && !in_expression && !(v == "if" && after_object) {
                    let at = t.span.start;
                    out.push(TokenWithSpan::new(Token::SemiColon, SqlSpan::new(at, at)));
                }
            }
            _ => {}
        }
        if !matches!(t.token, Token::Whitespace(_)) {
            prev = match &t.token {
                Token::Word(w) => Some(w.value.clone()),
                _ => None,
            };
        }
        out.push(t);
    }
    out
}

/// `DELETE #t WHERE …`: T-SQL's FROM is optional, sqlparser's is not. The
/// FROM is added unless the target is followed by one (`DELETE t FROM #t t JOIN …`).
fn delete_needs_no_from(tokens: Vec<TokenWithSpan>) -> Vec<TokenWithSpan> {
    let significant: Vec<usize> = (0..tokens.len())
        .filter(|&i| !matches!(tokens[i].token, Token::Whitespace(_)))
        .collect();
    let word = |k: usize, lower: &str| {
        significant
            .get(k)
            .is_some_and(|&i| matches!(&tokens[i].token, Token::Word(w) if plain(w, lower)))
    };
    let mut inserts = Vec::new();
    for k in 0..significant.len() {
        if word(k, "delete")
            && !word(k + 1, "from")
            && !word(k + 1, "top")
            && !word(k + 2, "from")
            && let Some(&at) = significant.get(k + 1)
        {
            inserts.push(at);
        }
    }
    if inserts.is_empty() {
        return tokens;
    }
    let mut out = Vec::with_capacity(tokens.len() + inserts.len() * 2);
    for (i, t) in tokens.into_iter().enumerate() {
        if inserts.contains(&i) {
            let at = t.span.start;
            out.push(TokenWithSpan::new(Token::make_keyword("from"), SqlSpan::new(at, at)));
            out.push(TokenWithSpan::new(
                Token::Whitespace(datafusion::sql::sqlparser::tokenizer::Whitespace::Space),
                SqlSpan::new(at, at),
            ));
        }
        out.push(t);
    }
    out
}

fn show(t: &Token) -> String {
    match t {
        Token::EOF => "the end of the text".into(),
        other => format!("`{other}`"),
    }
}

/// Whether a word can begin a T-SQL statement (T-SQL needs no `;` between statements).
fn starts_statement(w: &Word) -> bool {
    w.quote_style.is_none()
        && (matches!(
            w.keyword,
            Keyword::SELECT
                | Keyword::WITH
                | Keyword::DECLARE
                | Keyword::SET
                | Keyword::IF
                | Keyword::BEGIN
                | Keyword::END
                | Keyword::PRINT
                | Keyword::EXEC
                | Keyword::EXECUTE
                | Keyword::INSERT
                | Keyword::UPDATE
                | Keyword::DELETE
                | Keyword::CREATE
                | Keyword::DROP
                | Keyword::USE
                | Keyword::RETURN
                | Keyword::WHILE
                | Keyword::ELSE
                | Keyword::TRUNCATE
                | Keyword::RAISERROR
                | Keyword::THROW
        ) || matches!(w.value.as_str(), "go" | "break" | "continue"))
}

fn syntax_error(source: &Source<'_>, message: &str, at: Location, tokens: &[TokenWithSpan]) -> Diagnostic {
    let start = source.offset(at);
    let end = tokens
        .iter()
        .find(|t| t.span.start == at)
        .map_or(start, |t| source.offset(t.span.end));
    Diagnostic::error(
        Code::SqlSyntax,
        Span::new(start, end.max(start)),
        format!("syntax error: {}", tidy(message)),
    )
}

/// sqlparser's message, in the words this tool uses.
fn tidy(message: &str) -> String {
    let m = message.trim();
    match m.strip_prefix("Expected: ") {
        Some(rest) => match rest.split_once(", found: ") {
            Some((want, found)) => format!("expected {want}, found `{found}`"),
            None => format!("expected {rest}"),
        },
        None => m.to_string(),
    }
}

fn parser_error(source: &Source<'_>, e: &ParserError, tokens: &[TokenWithSpan]) -> Diagnostic {
    let text = match e {
        ParserError::TokenizerError(m) | ParserError::ParserError(m) => m.clone(),
        ParserError::RecursionLimitExceeded => {
            return Diagnostic::error(
                Code::NestingTooDeep,
                Span::new(0, 0),
                "the report nests deeper than the parser accepts",
            );
        }
    };
    let text = text.strip_prefix("sql parser error: ").unwrap_or(&text).to_string();
    match text.rsplit_once(" at Line: ") {
        Some((message, at)) => {
            let mut parts = at.split(", Column: ");
            let line = parts.next().and_then(|l| l.trim().parse().ok()).unwrap_or(0);
            let column = parts.next().and_then(|c| c.trim().parse().ok()).unwrap_or(0);
            syntax_error(source, message, Location { line, column }, tokens)
        }
        None => Diagnostic::error(
            Code::SqlSyntax,
            Span::new(0, 0),
            format!("syntax error: {}", tidy(&text)),
        ),
    }
}

/// Lower-cases every identifier (bracketed ones keep their quoting, so
/// spaces and punctuation survive) and records the original spellings.
fn fold_identifiers(tokens: Vec<TokenWithSpan>) -> (Vec<TokenWithSpan>, HashMap<String, String>) {
    let mut spellings = HashMap::new();
    let tokens = tokens
        .into_iter()
        .map(|mut t| {
            if let Token::Word(w) = &mut t.token {
                let lower = w.value.to_lowercase();
                if lower != w.value {
                    spellings.entry(lower.clone()).or_insert_with(|| w.value.clone());
                }
                w.value = lower;
            }
            t
        })
        .collect();
    (tokens, spellings)
}

/// Removes `OPTION (…)` query hints (RECOMPILE, MAXDOP, …): they steer the
/// server's plan, never the rows, and sqlparser would read them as an alias.
fn drop_query_hints(tokens: Vec<TokenWithSpan>) -> Vec<TokenWithSpan> {
    let significant = |t: &TokenWithSpan| !matches!(t.token, Token::Whitespace(_));
    let mut out = Vec::with_capacity(tokens.len());
    let mut depth = 0usize;
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        match &t.token {
            Token::LParen => depth += 1,
            Token::RParen => depth = depth.saturating_sub(1),
            Token::Word(w) if depth == 0 && w.quote_style.is_none() && w.value == "option" => {
                let next = (i + 1..tokens.len()).find(|&j| significant(&tokens[j]));
                if let Some(j) = next.filter(|&j| tokens[j].token == Token::LParen) {
                    let mut level = 0usize;
                    let mut k = j;
                    while k < tokens.len() {
                        match tokens[k].token {
                            Token::LParen => level += 1,
                            Token::RParen => {
                                level -= 1;
                                if level == 0 {
                                    break;
                                }
                            }
                            _ => {}
                        }
                        k += 1;
                    }
                    i = k + 1;
                    continue;
                }
            }
            _ => {}
        }
        out.push(t.clone());
        i += 1;
    }
    out
}

/// A join waiting for its `ON`.
struct Pending {
    /// Index of the first token of its right-hand relation.
    relation: usize,
    /// Whether another join started after it (so its right side is a nested join).
    nested: bool,
}

/// `A JOIN B JOIN C ON x ON y` is ANSI for `A JOIN (B JOIN C ON x) ON y`;
/// sqlparser needs the parentheses, so they are added here. Each `ON` closes
/// the most recent open join at its parenthesis depth.
fn parenthesize_nested_joins(tokens: Vec<TokenWithSpan>) -> Vec<TokenWithSpan> {
    let mut stacks: Vec<Vec<Pending>> = vec![Vec::new()];
    let mut inserts: Vec<(usize, Token)> = Vec::new();
    let mut prev: Option<Keyword> = None;
    let mut i = 0;
    while i < tokens.len() {
        let token = &tokens[i].token;
        match token {
            Token::Whitespace(_) => {
                i += 1;
                continue;
            }
            Token::LParen => stacks.push(Vec::new()),
            Token::RParen if stacks.len() > 1 => {
                stacks.pop();
            }
            Token::Word(w) if w.quote_style.is_none() => {
                let stack = stacks.last_mut().expect("the outer level is never popped");
                match w.keyword {
                    Keyword::JOIN if !matches!(prev, Some(Keyword::CROSS | Keyword::NATURAL)) => {
                        for p in stack.iter_mut() {
                            p.nested = true;
                        }
                        let relation = (i + 1..tokens.len())
                            .find(|&j| !matches!(tokens[j].token, Token::Whitespace(_)))
                            .unwrap_or(tokens.len());
                        stack.push(Pending {
                            relation,
                            nested: false,
                        });
                    }
                    Keyword::ON => {
                        if let Some(p) = stack.pop()
                            && p.nested
                        {
                            inserts.push((p.relation, Token::LParen));
                            inserts.push((i, Token::RParen));
                        }
                    }
                    Keyword::WHERE
                    | Keyword::GROUP
                    | Keyword::ORDER
                    | Keyword::HAVING
                    | Keyword::UNION
                    | Keyword::EXCEPT
                    | Keyword::INTERSECT
                    | Keyword::SELECT
                    | Keyword::FROM => stack.clear(),
                    _ => {}
                }
                prev = Some(w.keyword);
                i += 1;
                continue;
            }
            _ => {}
        }
        prev = None;
        i += 1;
    }
    if inserts.is_empty() {
        return tokens;
    }
    // Closing parentheses sort before opening ones at the same index.
    inserts.sort_by_key(|(at, t)| (*at, matches!(t, Token::LParen)));
    let mut out = Vec::with_capacity(tokens.len() + inserts.len());
    let mut next = inserts.into_iter().peekable();
    for (i, t) in tokens.into_iter().enumerate() {
        while let Some((_, tok)) = next.next_if(|(at, _)| *at == i) {
            let at = t.span.start;
            out.push(TokenWithSpan::new(tok, SqlSpan::new(at, at)));
        }
        out.push(t);
    }
    out.extend(next.map(|(_, tok)| TokenWithSpan::new(tok, SqlSpan::empty())));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text of a step that is a statement.
    fn text(step: &Step) -> String {
        match step {
            Step::Statement(s, _) => s.to_string(),
            other => panic!("not a statement: {other:?}"),
        }
    }

    /// The steps as a compact outline: statements by their first word.
    fn outline(steps: &[Step]) -> String {
        let parts: Vec<String> = steps
            .iter()
            .map(|s| match s {
                Step::Statement(s, _) => s.to_string().split_whitespace().next().unwrap_or("").to_string(),
                Step::If { then, otherwise, .. } => format!("IF[{}|{}]", outline(then), outline(otherwise)),
                Step::While { body, .. } => format!("WHILE[{}]", outline(body)),
                Step::Block(b) => format!("BLOCK[{}]", outline(b)),
                Step::Break(_) => "BREAK".into(),
                Step::Continue(_) => "CONTINUE".into(),
                Step::Go => "GO".into(),
            })
            .collect();
        parts.join(" ")
    }

    #[test]
    fn statements_need_no_semicolons() {
        let p = parse("declare @a int\nset @a = 1 select @a").expect("parses");
        assert_eq!(p.steps.len(), 3);
    }

    #[test]
    fn control_flow_nests() {
        let p = parse(
            "IF @a = 1 SELECT 1 FROM v ELSE SELECT 2 FROM v\n\
             WHILE @i < 3 BEGIN SET @i = @i + 1 IF @i = 2 CONTINUE; IF @i > 5 BREAK END\n\
             IF EXISTS (SELECT 1 FROM v) BEGIN PRINT 'x' END ELSE BEGIN SELECT 3 END\n\
             GO\nBEGIN SELECT 4 END",
        )
        .expect("parses");
        assert_eq!(
            outline(&p.steps),
            "IF[SELECT|SELECT] WHILE[SET IF[CONTINUE|] IF[BREAK|]] IF[PRINT|SELECT] GO BLOCK[SELECT]"
        );
    }

    #[test]
    fn unbalanced_blocks_are_syntax_errors_where_they_are() {
        for (text, at, message) in [
            ("SELECT 1\nBEGIN SELECT 2", (2, 1), "has no END"),
            ("SELECT 1\nEND", (2, 1), "END without BEGIN"),
            ("ELSE SELECT 1", (1, 1), "ELSE without IF"),
            ("IF 1 = 1 BREAK", (1, 10), "BREAK is outside a WHILE loop"),
        ] {
            let d = match parse(text) {
                Err(d) => d,
                Ok(p) => panic!("{text} should not parse: {p:?}", p = outline(&p.steps)),
            };
            assert_eq!(d.code, Code::SqlSyntax, "{text}");
            assert!(d.message.contains(message), "{text}: {}", d.message);
            assert_eq!(wqlkit_core::span::line_col(text, d.span.start), at, "{text}");
        }
    }

    #[test]
    fn delete_needs_no_from() {
        let p = parse("DELETE #t WHERE a = 1; DELETE FROM @t; DELETE t FROM #t t JOIN v ON v.a = t.a").expect("parses");
        let texts: Vec<String> = p.steps.iter().map(text).collect();
        assert_eq!(texts[0], "DELETE FROM #t WHERE a = 1");
        assert_eq!(texts[1], "DELETE FROM @t");
        assert!(
            texts[2].starts_with("DELETE t FROM #t AS t JOIN v") || texts[2].starts_with("DELETE t FROM #t t JOIN v"),
            "{}",
            texts[2]
        );
    }

    #[test]
    fn nested_joins_get_parentheses() {
        let p = parse("select * from a join b left join c on b.x = c.x join d on d.y = c.y on a.z = b.z where 1 = 1")
            .expect("parses");
        assert_eq!(
            text(&p.steps[0]),
            "SELECT * FROM a JOIN (b LEFT JOIN c ON b.x = c.x JOIN d ON d.y = c.y) ON a.z = b.z WHERE 1 = 1"
        );
    }

    #[test]
    fn missing_and_is_reported_where_it_is() {
        let text = "select 1 from t\nwhere a = 6\n\n((b = 1))";
        let d = match parse(text) {
            Err(d) => d,
            Ok(_) => panic!("should not parse"),
        };
        assert_eq!(d.code, Code::SqlSyntax);
        assert_eq!(wqlkit_core::span::line_col(text, d.span.start), (4, 1));
    }

    #[test]
    fn identifiers_fold_and_remember_their_spelling() {
        let p = parse("select Name0 as [Machine Name] from dbo.v_R_System").expect("parses");
        assert_eq!(text(&p.steps[0]), "SELECT name0 AS [machine name] FROM dbo.v_r_system");
        assert_eq!(p.spellings["machine name"], "Machine Name");
    }
}
