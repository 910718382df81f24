//! Finding objects in the export's tree. Every SDO object is an element carrying a `name`
//! attribute, with its values under `Properties` and its sub-objects under `Children`; the
//! element's tag is the name sanitised (non-alphanumerics become `_`) and can be stale after a
//! script rewrote the file, so objects are matched by `name`, falling back to the tag.

use roxmltree::Node;

/// The object's name: its `name` attribute, else its tag.
pub fn object_name<'a>(node: Node<'a, '_>) -> &'a str {
    node.attribute("name")
        .unwrap_or_else(|| node.tag_name().name())
}

/// Whether `node` is the object called `name`. Names are compared the way NPS sanitises them
/// into tags, so "Microsoft Radius Protocol" also finds a nameless `Microsoft_Radius_Protocol`.
pub fn is_object(node: Node<'_, '_>, name: &str) -> bool {
    let own = object_name(node);
    own == name || sanitised_eq(own, name)
}

fn sanitised_eq(a: &str, b: &str) -> bool {
    let sanitise = |c: char| if c.is_ascii_alphanumeric() { c } else { '_' };
    a.chars().count() == b.chars().count() && a.chars().map(sanitise).eq(b.chars().map(sanitise))
}

/// The element children of `node`'s `Children` element.
pub fn child_objects<'a, 'input>(node: Node<'a, 'input>) -> impl Iterator<Item = Node<'a, 'input>> {
    node.children()
        .filter(|child| child.is_element() && child.tag_name().name() == "Children")
        .flat_map(|children| children.children().filter(Node::is_element))
}

/// The sub-object called `name`.
pub fn child_object<'a, 'input>(node: Node<'a, 'input>, name: &str) -> Option<Node<'a, 'input>> {
    child_objects(node).find(|child| is_object(*child, name))
}

/// The object's `Properties` element.
pub fn properties<'a, 'input>(node: Node<'a, 'input>) -> Option<Node<'a, 'input>> {
    node.children()
        .find(|child| child.is_element() && child.tag_name().name() == "Properties")
}
