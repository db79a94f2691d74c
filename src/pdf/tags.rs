//! The tag tree of the screen variant: layout's structure nodes, filled with the content
//! identifiers krilla hands out while the pages are drawn.
//!
//! A node joins its parent when its first content is drawn, so the tree's order is the order
//! content is drawn in, which layout keeps equal to the reading order.

use std::num::NonZeroU16;

use krilla::tagging::{
    Identifier, ListNumbering, Node, TableHeaderScope, Tag, TagGroup, TagKind, TagTree,
};

use crate::layout::{StructKind, StructNode};

enum Child {
    Node(usize),
    Leaf(Identifier),
}

/// Collects identifiers per structure node and builds the krilla tag tree.
pub struct Tagger<'a> {
    structure: &'a [StructNode],
    children: Vec<Vec<Child>>,
    attached: Vec<bool>,
    roots: Vec<usize>,
}

impl<'a> Tagger<'a> {
    /// A tagger for a document's structure.
    pub fn new(structure: &'a [StructNode]) -> Self {
        Tagger {
            structure,
            children: structure.iter().map(|_| vec![]).collect(),
            attached: vec![false; structure.len()],
            roots: vec![],
        }
    }

    /// Records that `id` marks content of `node`.
    pub fn leaf(&mut self, node: usize, id: Identifier) {
        self.attach(node);
        self.children[node].push(Child::Leaf(id));
    }

    fn attach(&mut self, node: usize) {
        if self.attached[node] {
            return;
        }
        self.attached[node] = true;
        match self.structure[node].parent {
            Some(parent) => {
                self.attach(parent);
                self.children[parent].push(Child::Node(node));
            }
            None => self.roots.push(node),
        }
    }

    /// The finished tree, with the document language.
    pub fn finish(mut self, lang: &str) -> TagTree {
        let mut tree = TagTree::new().with_lang(Some(lang.to_string()));
        for root in std::mem::take(&mut self.roots) {
            tree.push(self.group(root));
        }
        tree
    }

    fn group(&mut self, node: usize) -> TagGroup {
        let mut group = TagGroup::new(tag(&self.structure[node].kind));
        // A row holds all its cells in column order, empty ones too, so that every row has as
        // many cells as the table has columns (ISO 14289-1 §7.5: tables are regular).
        if self.structure[node].kind == StructKind::TableRow {
            let cells: Vec<usize> = (node + 1..self.structure.len())
                .filter(|&n| self.structure[n].parent == Some(node))
                .collect();
            for cell in cells {
                self.attached[cell] = true;
                group.push(self.group(cell));
            }
            return group;
        }
        for child in std::mem::take(&mut self.children[node]) {
            match child {
                Child::Leaf(id) => group.push(Node::Leaf(id)),
                Child::Node(n) => group.push(self.group(n)),
            }
        }
        group
    }
}

fn tag(kind: &StructKind) -> TagKind {
    match kind {
        StructKind::Heading { level, title } => Tag::Hn(
            NonZeroU16::new((*level).max(1) as u16).expect("level ≥ 1"),
            Some(title.clone()),
        )
        .into(),
        StructKind::Paragraph => Tag::P.into(),
        StructKind::BlockQuote => Tag::BlockQuote.into(),
        StructKind::List => Tag::L(ListNumbering::Disc).into(),
        StructKind::ListItem => Tag::LI.into(),
        StructKind::ListLabel => Tag::Lbl.into(),
        StructKind::ListBody => Tag::LBody.into(),
        StructKind::Figure { alt } => Tag::Figure(Some(alt.clone())).into(),
        StructKind::Table => Tag::Table.into(),
        StructKind::TableRow => Tag::TR.into(),
        StructKind::TableHeader => Tag::TH(TableHeaderScope::Column).into(),
        StructKind::TableCell => Tag::TD.into(),
        StructKind::Link => Tag::Link.into(),
    }
}
